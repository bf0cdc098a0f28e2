/**
 * The local stand-in for CloudWatch (no other implementation speaks the SDK's Smithy RPC v2 CBOR protocol here):
 * metrics and their statistics per period, metric and composite alarms with CloudWatch's state rules, and the alarm
 * state changes rendered as the Lambda alarm action, EventBridge and SNS deliver them. Tests and local runs only.
 */
package dev.flowback.emulators.cloudwatch;
