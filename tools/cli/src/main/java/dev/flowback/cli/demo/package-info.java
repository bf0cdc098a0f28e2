/**
 * The demo, the README's first command: the bundled example on the local stack with nothing staged. A simulated
 * engine runs instances through the gate and publishes its error rate to the local CloudWatch; a real alarm on it
 * reaches the trigger, which rolls production back through the state machine. The demo watches each execution
 * (ExecutionWatch), draws the error rate (ErrorRateChart) and ends with a summary of what switched when.
 */
package dev.flowback.cli.demo;
