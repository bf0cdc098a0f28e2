/**
 * Starting the rollback state machine on AWS Step Functions: {@code SfnRollbackExecutions} implements the core's
 * {@code RollbackExecutions} port with StartExecution (a name is one rollback: a repeated start finds the first
 * through DescribeExecution), writes the input from {@code RollbackRequest.toFields()}, and reports failures from
 * Flowback's flat set. {@code StateMachineConfig} reads which state machine from FLOWBACK_STATE_MACHINE_ARN. The
 * alarm trigger and the API start rollbacks through it; the chain's own steps never do.
 */
package dev.flowback.stepfunctions;
