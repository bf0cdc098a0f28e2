package dev.flowback.sandbox;

import dev.flowback.aws.AwsSettings;
import dev.flowback.emulators.DynaliteEmulator;
import dev.flowback.emulators.MotoServer;
import dev.flowback.emulators.S3ProxyEmulator;
import dev.flowback.emulators.cloudwatch.LocalCloudWatch;
import dev.flowback.function.runtime.FunctionConfig;
import dev.flowback.function.runtime.FunctionWiring;
import dev.flowback.function.runtime.StepLog;
import dev.flowback.function.trigger.AlarmTriggerHandler;
import dev.flowback.function.trigger.EventBridgeAnnouncements;
import dev.flowback.health.CloudWatchHealthProbe;
import dev.flowback.stepfunctions.SfnRollbackExecutions;
import dev.flowback.stepfunctions.StateMachineConfig;
import dev.flowback.store.dynamodb.DynamoVersionCatalog;
import dev.flowback.store.dynamodb.FlowbackTable;
import dev.flowback.stores.FlowbackStores;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Flowback's deployed stack on this machine, persistent and on loopback: what {@code flowback local up} runs and
 * what the demo runs on.
 * <ul>
 *   <li>S3 (snapshots): S3Proxy on a filesystem directory, {@code <data>/s3};</li>
 *   <li>DynamoDB (the table): dynalite on a LevelDB directory, {@code <data>/dynamodb} — both survive a restart;</li>
 *   <li>Lambda: the local Invoke endpoint serving the real handlers (the chain's functions and the trigger);</li>
 *   <li>Step Functions: the local Step Functions API executing the real statemachine/rollback.asl.json on
 *       aws-local-stepfunctions, with real-time waits (the drain and the health window take the time they say);</li>
 *   <li>CloudWatch: the local stand-in (moto cannot speak the SDK's CBOR protocol), its metric alarms evaluated
 *       every {@link Config#alarmEvaluationInterval()} by its evaluator, the stand-in for CloudWatch's own
 *       evaluation; the verify step's health probe reads it as it reads CloudWatch;</li>
 *   <li>EventBridge and SQS: moto's server. Each alarm state change is put on the default bus as CloudWatch puts
 *       it ("CloudWatch Alarm State Change", {@link AlarmEventRelay}); a rule matches it as template.yaml's rule
 *       does. In AWS the rule's target is the trigger function; moto can only invoke a Lambda through Docker, so
 *       here the rule's target is an SQS queue, drained to the trigger on the local Lambda endpoint — the one
 *       local stand-in on the path, and the trigger sees the event EventBridge delivered, unchanged.</li>
 * </ul>
 * The local API server (functions/api) is added through {@link Config#api()}: the one seam for it.
 */
public final class LocalStack implements AutoCloseable {
    public static final String TABLE = LocalStorage.TABLE;
    public static final String BUCKET = LocalStorage.BUCKET;
    public static final String REGION = "us-east-1";
    /** The one pair of credentials every local endpoint accepts. */
    public static final String ACCESS_KEY = S3ProxyEmulator.ACCESS_KEY;
    public static final String SECRET_KEY = S3ProxyEmulator.SECRET_KEY;
    /** The trigger's name on the local Lambda endpoint. */
    public static final String TRIGGER_FUNCTION = "trigger";
    /** The bus the trigger announces on (FLOWBACK_EVENT_BUS), created on moto. */
    public static final String EVENT_BUS = "flowback-local";

    /** A server started over the running stack (the local API), closed before the stack. */
    public interface Extension extends AutoCloseable {
        /** What it serves, for the endpoints file: {@code api_url} for the API. */
        URI url();

        @Override
        void close();
    }

    /**
     * How to start.
     *
     * @param dataDir                 where S3 and DynamoDB keep their data (created when missing)
     * @param s3Port                  S3Proxy's port; 0: any free one (the demo)
     * @param dynamoPort              dynalite's port; 0: any free one
     * @param alarmEvaluationInterval how often the local evaluator evaluates every metric alarm
     * @param api                     the local API server, started last over the stack; null for none
     * @param progress                one line per component as it comes up
     */
    public record Config(Path dataDir, int s3Port, int dynamoPort, Duration alarmEvaluationInterval,
                         Function<LocalStack, Extension> api, Consumer<String> progress) {
        public static final int DEFAULT_S3_PORT = 4711;
        public static final int DEFAULT_DYNAMO_PORT = 4712;

        public Config {
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(progress, "progress");
        }

        /** {@code flowback local up}: the fixed storage ports, so data and its address stay together. */
        public static Config persistent(Path dataDir, Consumer<String> progress) {
            return new Config(dataDir, DEFAULT_S3_PORT, DEFAULT_DYNAMO_PORT, Duration.ofSeconds(1), null, progress);
        }

        /** Any free ports: a stack next to a running {@code local up} (the demo, tests). */
        public Config anyPorts() {
            return new Config(dataDir, 0, 0, alarmEvaluationInterval, api, progress);
        }

        /** The seam for the local API server: {@code factory} starts it over the running stack. */
        public Config withApi(Function<LocalStack, Extension> factory) {
            return new Config(dataDir, s3Port, dynamoPort, alarmEvaluationInterval, factory, progress);
        }
    }

    private final Config config;
    private final Instant startedAt = Instant.now();
    /** Everything started, last first: closed in that order. */
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Map<String, URI> endpoints = new LinkedHashMap<>();
    private S3ProxyEmulator s3;
    private DynaliteEmulator dynamo;
    private MotoServer moto;
    private LocalCloudWatch cloudWatch;
    private LocalRollbackRunner runner;
    private AwsSettings settings;
    private FlowbackStores stores;
    private AlarmEventRelay relay;
    private Extension api;

    private LocalStack(Config config) {
        this.config = config;
    }

    /**
     * Checks the prerequisites, then starts every component, printing a line as each answers. Anything that fails
     * to start stops what already started and is thrown, naming the component.
     */
    public static LocalStack start(Config config) {
        Prerequisites.check(config);
        LocalStack stack = new LocalStack(config);
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() {
        long t = System.nanoTime();
        s3 = keep(S3ProxyEmulator.startPersistent(config.dataDir().resolve("s3"), config.s3Port()));
        s3.ensureBucket(BUCKET);
        up("s3", "S3 (S3Proxy, filesystem " + config.dataDir().resolve("s3") + ")", s3.endpoint(), t);

        t = System.nanoTime();
        dynamo = keep(DynaliteEmulator.startPersistent(config.dataDir().resolve("dynamodb"), config.dynamoPort()));
        up("dynamodb", "DynamoDB (dynalite, LevelDB " + config.dataDir().resolve("dynamodb") + ")",
                dynamo.endpoint(), t);
        settings = AwsSettings.local(ACCESS_KEY, SECRET_KEY, Map.of("s3", s3.endpoint(), "dynamodb",
                dynamo.endpoint()));
        ensureTable();

        t = System.nanoTime();
        moto = keep(MotoServer.start());
        settings = settings.withEndpoint("eventbridge", moto.endpoint()).withEndpoint("sqs", moto.endpoint());
        up("events", "EventBridge + SQS (moto)", moto.endpoint(), t);

        t = System.nanoTime();
        cloudWatch = keep(LocalCloudWatch.start(Clock.systemUTC()));
        settings = settings.withEndpoint("cloudwatch", cloudWatch.endpoint());
        CloudWatchClient cw = keep(CloudWatchHealthProbe.client(settings));
        up("cloudwatch", "CloudWatch (local stand-in; alarms evaluated every "
                + config.alarmEvaluationInterval().toMillis() + " ms)", cloudWatch.endpoint(), t);

        t = System.nanoTime();
        LocalRollbackRunner.Config chain = LocalRollbackRunner.Config.of(settings, TABLE, BUCKET,
                new CloudWatchHealthProbe(cw, Clock.systemUTC()));
        runner = keep(LocalRollbackRunner.start(chain));
        up("lambda", "Lambda (local Invoke endpoint: " + ChainFunction.values().length
                + " chain functions + trigger)",
                runner.lambda().endpoint(), t);

        t = System.nanoTime();
        runner.stepFunctionsApi(LocalRollbackRunner.RunOptions.realTime());
        settings = runner.awsSettings().withEndpoint("lambda", runner.lambda().endpoint());
        up("stepfunctions", "Step Functions (local API, real rollback.asl.json, real-time waits)",
                runner.stepFunctionsApi().endpoint(), t);

        t = System.nanoTime();
        FunctionWiring wiring = FunctionWiring.of(settings, new FunctionConfig(TABLE, BUCKET,
                FunctionConfig.DEFAULT_LOCK_LEASE), Clock.systemUTC(), StepLog.discard());
        stores = wiring.stores();
        EventBridgeClient events = keep(EventBridgeAnnouncements.client(settings));
        events.createEventBus(b -> b.name(EVENT_BUS));
        SfnClient sfn = keep(SfnRollbackExecutions.client(settings));
        AlarmTriggerHandler trigger = new AlarmTriggerHandler(wiring, new EventBridgeAnnouncements(events,
                EVENT_BUS), new SfnRollbackExecutions(sfn, new StateMachineConfig(runner.stateMachineArn())));
        runner.lambda().register(TRIGGER_FUNCTION, payload -> trigger.invoke(payload,
                "local-" + UUID.randomUUID()));
        SqsClient sqs = keep(settings.configure(SqsClient.builder(), "sqs").build());
        relay = keep(AlarmEventRelay.start(cloudWatch, events, sqs, runner.lambda().endpoint(), TRIGGER_FUNCTION));
        up("alarm_queue", "Trigger (EventBridge rule " + AlarmEventRelay.RULE + " → SQS " + AlarmEventRelay.QUEUE
                + " → trigger, the local stand-in for the rule's Lambda target)", relay.queueUrl(), t);

        t = System.nanoTime();
        ScheduledExecutorService evaluator = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "local-alarm-evaluator");
            thread.setDaemon(true);
            return thread;
        });
        keep(evaluator::shutdownNow);
        long every = config.alarmEvaluationInterval().toMillis();
        evaluator.scheduleWithFixedDelay(this::evaluateQuietly, every, every, TimeUnit.MILLISECONDS);
        up("evaluator", "Alarm evaluator (stand-in for CloudWatch's own evaluation)", cloudWatch.endpoint(), t);

        if (config.api() != null) {
            t = System.nanoTime();
            api = keep(config.api().apply(this));
            up("api", "API (local)", api.url(), t);
        }
    }

    private void evaluateQuietly() {
        try {
            cloudWatch.evaluateAlarms();
        } catch (RuntimeException e) {
            // One failed evaluation (moto refusing a PutEvents, say) must not end the schedule; it is reported.
            config.progress().accept("alarm evaluation failed: " + e.getMessage());
        }
    }

    private void ensureTable() {
        DynamoDbClient client = keep(DynamoVersionCatalog.client(settings));
        if (!client.listTables().tableNames().contains(TABLE)) {
            FlowbackTable.create(client, TABLE);
            config.progress().accept("  created table " + TABLE);
        }
    }

    private void up(String key, String what, URI endpoint, long since) {
        if (!key.equals("evaluator")) {
            endpoints.put(key, endpoint);
        }
        config.progress().accept(String.format("  up  %-13s %-26s %5d ms  %s", key, endpoint,
                (System.nanoTime() - since) / 1_000_000, what));
    }

    private <T extends AutoCloseable> T keep(T resource) {
        started.push(resource);
        return resource;
    }

    /** The settings of every local endpoint (s3, dynamodb, sfn, lambda, cloudwatch, eventbridge, sqs). */
    public AwsSettings settings() {
        return settings;
    }

    /** Each component's endpoint, in the order they came up. */
    public Map<String, URI> endpoints() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(endpoints));
    }

    public FlowbackStores stores() {
        return stores;
    }

    public LocalRollbackRunner chain() {
        return runner;
    }

    public LocalCloudWatch cloudWatch() {
        return cloudWatch;
    }

    public AlarmEventRelay alarmEvents() {
        return relay;
    }

    public S3ProxyEmulator s3() {
        return s3;
    }

    public DynaliteEmulator dynamo() {
        return dynamo;
    }

    /** The local API's URL, when one was started through {@link Config#api()}. */
    public Optional<URI> apiUrl() {
        return Optional.ofNullable(api).map(Extension::url);
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Config config() {
        return config;
    }

    /** Stops every component, last started first; a component that fails to stop does not keep the rest up. */
    @Override
    public synchronized void close() {
        RuntimeException first = null;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = new IllegalStateException("stopping the local stack: " + e.getMessage(), e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
