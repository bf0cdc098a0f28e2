package dev.flowback.core.trigger.model;

import java.util.Locale;

/** How an alarm's state change reached the trigger; the same state change may arrive by several at once. */
public enum AlarmDelivery {
    /** The alarm's own Lambda action (metric or composite alarm), invoked asynchronously by CloudWatch. */
    LAMBDA_ACTION,
    /** The EventBridge event "CloudWatch Alarm State Change" matched by a rule. */
    EVENTBRIDGE,
    /** An SNS notification the alarm's SNS action published, delivered to the function by its subscription. */
    SNS,
    /** Something the trigger could not read as any of the three. */
    UNKNOWN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
