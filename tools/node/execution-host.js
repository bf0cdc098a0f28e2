'use strict';
// One long-lived Node process that runs many state machine executions with aws-local-stepfunctions, concurrently,
// for LocalStepFunctions (Java). Starting Node and validating a definition cost far more than a local execution's
// own work, so the process and each validated definition are kept.
//
// The protocol is JSON lines. Java writes on stdin:
//   {"op": "start", "id": "e1", "request": {definition, input, lambdaEndpoint, executionName, stateMachineName,
//                                             waitTimeOverrides, retryIntervalOverrides, taskResourceLocalHandlers}}
//   {"op": "stop", "id": "e1"}                            abort a running execution (it ends ABORTED)
// and reads on stdout, for each execution, in this order:
//   {"id": "e1", "type": "rejected", "message": "..."}   the request is unusable (e.g. invalid ASL); nothing ran
//   {"id": "e1", "type": "started", "startedAt": 1764590000123}
//   {"id": "e1", "type": "event", "event": {type, timestamp, stateName, ...}}   one per history event, as it happens
//   {"id": "e1", "type": "result", "result": {status, output, error, cause, localTaskCalls}}
// plus {"type": "ready"} once, when the library is loaded. When stdin closes (the JVM ended) the process exits.
// We use the JS API because the library's CLI prints Node's inspect format, not JSON.
const readline = require('node:readline');
const { AsyncLocalStorage } = require('node:async_hooks');
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
// Validated definitions kept; a test suite uses a handful.
const MAX_CACHED_MACHINES = 32;
const AWS_CONFIG = {
  region: REGION,
  credentials: { accessKeys: { accessKeyId: 'local', secretAccessKey: 'local-secret' } },
};

// The library builds an AWS SDK v3 Lambda client per Task, and the SDK reads AWS_ENDPOINT_URL_LAMBDA from
// process.env when it sends. Executions running at once may call different local Lambda endpoints, so that one
// variable answers from the execution's own async context: AsyncLocalStorage follows every await and timer of the
// execution started inside it.
const executionContext = new AsyncLocalStorage();
function scopeLambdaEndpointToTheExecution() {
  const env = process.env;
  process.env = new Proxy(env, {
    get(target, key) {
      if (key === 'AWS_ENDPOINT_URL_LAMBDA') {
        const execution = executionContext.getStore();
        return execution ? execution.lambdaEndpoint : NO_LAMBDA_ENDPOINT;
      }
      return Reflect.get(target, key);
    },
  });
  delete env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS;
  // One HTTP attempt per Task attempt: the state machine's own Retry is what tests observe, and SDK retries would
  // multiply the invocations the Java side counts.
  env.AWS_MAX_ATTEMPTS = '1';
  env.AWS_EC2_METADATA_DISABLED = 'true';
}

function send(message) {
  process.stdout.write(JSON.stringify(message) + '\n');
}

const machines = new Map();
function stateMachineFor(definition) {
  const key = JSON.stringify(definition);
  let machine = machines.get(key);
  if (machine) {
    machines.delete(key); // re-inserted below: the Map's order is the eviction order
  } else {
    machine = new StateMachine(definition, {
      // Full checks: plain Lambda ARNs and service-integration ARNs both pass asl-validator's ARN rules, and
      // catching a bad JSONPath here beats failing mid-execution.
      validationOptions: { checkArn: true, checkPaths: true },
      awsConfig: AWS_CONFIG,
    });
    if (machines.size >= MAX_CACHED_MACHINES) machines.delete(machines.keys().next().value);
  }
  machines.set(key, machine);
  return machine;
}

// Builds the per-state local handlers and records every call, so tests can assert what a state machine would have
// sent to a service the library cannot call (e.g. events:putEvents).
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

// Mirrors what $$ holds in AWS closely enough for definitions that pass the execution id along; the library adds
// Execution.Input and Execution.StartTime itself.
function contextObject(stateMachineName, executionName) {
  const machine = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${stateMachineName}`;
  return {
    Execution: {
      Id: `arn:aws:states:${REGION}:${ACCOUNT}:execution:${stateMachineName}:${executionName}`,
      Name: executionName,
    },
    StateMachine: { Id: machine, Name: stateMachineName },
  };
}

function asCauseText(cause) {
  if (cause === undefined || cause === null) return undefined;
  return typeof cause === 'string' ? cause : JSON.stringify(cause);
}

// A failed Lambda Task carries the function's error payload as `cause`; AWS reports that payload as a JSON string in
// the execution's cause, so we do the same. Other errors only have a message.
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

// Keeps what a test asserts on (which state, what went in and out, which error, which attempt) and drops the
// library's internals such as full retrier and catcher definitions.
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

const running = new Map();

async function start(id, request) {
  let machine;
  try {
    machine = stateMachineFor(request.definition);
  } catch (e) {
    return send({ id, type: 'rejected', message: e.message });
  }
  const executionName = request.executionName || `local-${Date.now()}`;
  const localTaskCalls = [];
  const execution = executionContext.run({ lambdaEndpoint: request.lambdaEndpoint || NO_LAMBDA_ENDPOINT }, () =>
    machine.run(request.input === undefined ? {} : request.input, {
      overrides: {
        taskResourceLocalHandlers: localHandlers(request.taskResourceLocalHandlers, localTaskCalls),
        waitTimeOverrides: request.waitTimeOverrides || {},
        retryIntervalOverrides: request.retryIntervalOverrides || {},
      },
      context: contextObject(request.stateMachineName || 'local', executionName),
    }));
  running.set(id, execution);
  // The library logs ExecutionStarted and sets $$.Execution.StartTime in the same tick, so that event's time is the
  // execution's start date.
  const events = execution.eventLogs;
  const first = await events.next();
  send({ id, type: 'started', startedAt: first.done ? Date.now() : first.value.timestamp });
  if (!first.done) send({ id, type: 'event', event: reduceEvent(first.value) });

  // The event logger queues everything and closes when the execution ends, so streaming the events while waiting
  // for the result loses nothing.
  const streamed = (async () => {
    for await (const event of events) send({ id, type: 'event', event: reduceEvent(event) });
  })();
  let outcome;
  try {
    outcome = { status: 'SUCCEEDED', output: await execution.result };
  } catch (thrown) {
    outcome = outcomeOf(thrown);
  }
  await streamed;
  running.delete(id);
  send({
    id,
    type: 'result',
    result: {
      status: outcome.status,
      output: outcome.output === undefined ? null : outcome.output,
      error: outcome.error ?? null,
      cause: outcome.cause ?? null,
      localTaskCalls,
    },
  });
}

function handle(line) {
  if (!line.trim()) return;
  let message;
  try {
    message = JSON.parse(line);
  } catch (e) {
    process.stderr.write(`execution-host: a line on stdin is not JSON: ${e.message}\n`);
    return;
  }
  if (message.op === 'start') {
    start(message.id, message.request || {}).catch((e) =>
      send({ id: message.id, type: 'result', result: { status: 'FAILED', error: 'Error', cause: String(e.stack || e),
        output: null, localTaskCalls: [] } }));
  } else if (message.op === 'stop') {
    const execution = running.get(message.id);
    if (execution) execution.abort();
  } else {
    process.stderr.write(`execution-host: unknown op ${JSON.stringify(message.op)}\n`);
  }
}

scopeLambdaEndpointToTheExecution();
const input = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
input.on('line', handle);
// Java closed stdin (LocalStepFunctions closed, or the JVM ended): an abandoned Task may still hold a socket open,
// so exit explicitly.
input.on('close', () => process.exit(0));
send({ type: 'ready' });
