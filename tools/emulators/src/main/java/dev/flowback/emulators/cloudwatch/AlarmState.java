package dev.flowback.emulators.cloudwatch;

import java.time.Instant;

/**
 * An alarm's state as CloudWatch reports it: value, reason, optional reason data (JSON text) and when it was set.
 *
 * @param value      {@code OK}, {@code ALARM} or {@code INSUFFICIENT_DATA}
 * @param reasonData JSON text, or null
 */
public record AlarmState(String value, String reason, String reasonData, Instant timestamp) {
}
