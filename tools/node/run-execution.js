'use strict';
// Runs one state machine execution with aws-local-stepfunctions and prints the outcome as ONE JSON
// object on stdout. LocalStepFunctions (Java) writes the request on stdin:
//   { definition, input, lambdaEndpoint, executionName,
//     waitTimeOverrides, retryIntervalOverrides, taskResourceLocalHandlers }
// and reads back:
//   { status, output, error, cause, events, localTaskCalls }
// We use the JS API because the library's CLI prints Node's inspect format, not JSON.
// Exit code 2 (message on stderr) means the request itself was unusable, e.g. an invalid definition.
const {
  StateMachine,
  ExecutionError,
  ExecutionAbortedError,
  ExecutionTimeoutError,
} = require('aws-local-stepfunctions');

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
// Nothing listens on port 1: a Lambda Task without an endpoint fails fast instead of reaching AWS.
const NO_LAMBDA_ENDPOINT = 'http://127.0.0.1:1';

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

// The library creates an AWS SDK v3 Lambda client per Task; the SDK takes its endpoint from the
// environment, so this must be set before the first Task runs.
function configureLambdaClient(lambdaEndpoint) {
  process.env.AWS_ENDPOINT_URL_LAMBDA = lambdaEndpoint || NO_LAMBDA_ENDPOINT;
  delete process.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS;
  // One HTTP attempt per Task attempt: the state machine's own Retry is what tests observe, and SDK
  // retries would multiply the invocations the Java side counts.
  process.env.AWS_MAX_ATTEMPTS = '1';
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  return { region: REGION, credentials: { accessKeys: { accessKeyId: 'local', secretAccessKey: 'local-secret' } } };
}

// Builds the per-state local handlers and records every call, so tests can assert what a state
// machine would have sent to a service the library cannot call (e.g. events:putEvents).
function localHandlers(specs, calls) {
  const handlers = {};
  for (const [state, spec] of Object.entries(specs || {})) {
    handlers[state] = (input) => {
      calls.push({ state, input });
      if (spec === 'echo') return input;
      if (spec && typeof spec === 'object' && spec.fail) {
        // The library matches Retry/Catch against error.name, as AWS matches the error name.
        const error = new Error(spec.fail.cause ?? '');
        error.name = spec.fail.error;
        throw error;
      }
      if (spec && typeof spec === 'object' && 'return' in spec) return spec.return;
      throw new Error(`unsupported local handler for state '${state}': ${JSON.stringify(spec)}`);
    };
  }
  return handlers;
}

// Mirrors what $$ holds in AWS closely enough for definitions that pass the execution id along.
function contextObject(executionName) {
  const machine = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:local`;
  return {
    Execution: { Id: `arn:aws:states:${REGION}:${ACCOUNT}:execution:local:${executionName}`, Name: executionName },
    StateMachine: { Id: machine, Name: 'local' },
  };
}

function asCauseText(cause) {
  if (cause === undefined || cause === null) return undefined;
  return typeof cause === 'string' ? cause : JSON.stringify(cause);
}

// A failed Lambda Task carries the function's error payload as `cause`; AWS reports that payload as
// a JSON string in the execution's cause, so we do the same. Other errors only have a message.
function failureOf(runtimeError) {
  const payload = runtimeError.cause;
  const isLambdaPayload = payload && typeof payload === 'object' && !(payload instanceof Error);
  return {
    error: runtimeError.name,
    cause: isLambdaPayload ? JSON.stringify(payload) : runtimeError.message,
  };
}

function outcomeOf(thrown) {
  if (thrown instanceof ExecutionTimeoutError) {
    return { status: 'TIMED_OUT', error: 'States.Timeout', cause: thrown.message };
  }
  if (thrown instanceof ExecutionAbortedError) {
    return { status: 'ABORTED', cause: thrown.message };
  }
  if (thrown instanceof ExecutionError && thrown.cause instanceof Error) {
    return { status: 'FAILED', ...failureOf(thrown.cause) };
  }
  return { status: 'FAILED', error: thrown.name || 'Error', cause: thrown.message || String(thrown) };
}

// Keeps what a test asserts on (which state, what went in and out, which error, which attempt) and
// drops the library's internals such as full retrier and catcher definitions.
function reduceEvent(event) {
  const state = event.state || event.parentState;
  return {
    type: event.type,
    timestamp: event.timestamp,
    stateName: state && state.name,
    stateType: state && state.type,
    parentStateName: event.state && event.parentState ? event.parentState.name : undefined,
    index: event.index,
    input: event.input !== undefined ? event.input : event.state && event.state.input,
    output: event.output !== undefined ? event.output : event.state && event.state.output,
    error: event.Error,
    cause: asCauseText(event.Cause),
    retryAttempt: event.retry && event.retry.attempt,
    catchNext: event.catch && event.catch.catcher.Next,
  };
}

async function drain(eventLogs) {
  const events = [];
  for await (const event of eventLogs) events.push(reduceEvent(event));
  return events;
}

function finish(code, text, stream) {
  stream.write(text + '\n', () => process.exit(code));
}

async function main() {
  let request;
  try {
    request = JSON.parse(await readStdin());
  } catch (e) {
    return finish(2, `run-execution: request on stdin is not JSON: ${e.message}`, process.stderr);
  }

  const awsConfig = configureLambdaClient(request.lambdaEndpoint);
  const localTaskCalls = [];
  let stateMachine;
  try {
    stateMachine = new StateMachine(request.definition, {
      // Full checks: plain Lambda ARNs and service-integration ARNs both pass asl-validator's ARN
      // rules, and catching a bad JSONPath here beats failing mid-execution.
      validationOptions: { checkArn: true, checkPaths: true },
      awsConfig,
    });
  } catch (e) {
    return finish(2, `run-execution: ${e.message}`, process.stderr);
  }

  const executionName = request.executionName || `local-${Date.now()}`;
  const execution = stateMachine.run(request.input === undefined ? {} : request.input, {
    overrides: {
      taskResourceLocalHandlers: localHandlers(request.taskResourceLocalHandlers, localTaskCalls),
      waitTimeOverrides: request.waitTimeOverrides || {},
      retryIntervalOverrides: request.retryIntervalOverrides || {},
    },
    context: contextObject(executionName),
  });

  // The event logger queues everything and closes when the execution ends, so draining
  // concurrently with the result loses nothing.
  const eventsDrained = drain(execution.eventLogs);
  let outcome;
  try {
    outcome = { status: 'SUCCEEDED', output: await execution.result };
  } catch (thrown) {
    outcome = outcomeOf(thrown);
  }
  const events = await eventsDrained;

  const result = {
    status: outcome.status,
    output: outcome.output === undefined ? null : outcome.output,
    error: outcome.error ?? null,
    cause: outcome.cause ?? null,
    events,
    localTaskCalls,
  };
  // Exit explicitly: an abandoned Task (after a timeout) may still hold a socket open.
  return finish(0, JSON.stringify(result), process.stdout);
}

main().catch((e) => finish(1, `run-execution: ${e.stack || e}`, process.stderr));
