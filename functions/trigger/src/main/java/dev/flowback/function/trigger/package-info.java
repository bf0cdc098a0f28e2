/**
 * The alarm trigger function: reads the three ways a CloudWatch alarm reaches Lambda (the alarm action, EventBridge,
 * SNS) with aws-lambda-java-events, hands each state change to the core's {@code AlarmTrigger}, and announces starts
 * and freezes on EventBridge. Not a step of the chain: it starts the chain.
 */
package dev.flowback.function.trigger;
