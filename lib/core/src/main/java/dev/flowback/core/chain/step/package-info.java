/**
 * The steps of statemachine/rollback.asl.json, one class per Lambda function, each built with only the ports it
 * uses: snapshot, validate, pause (and its drain re-count), switch, check-health and verify, finish-revert, and
 * compensate, where every caught failure ends. Every step is safe to replay: its writes are conditional on the
 * execution, its answer the same the second time.
 */
package dev.flowback.core.chain.step;
