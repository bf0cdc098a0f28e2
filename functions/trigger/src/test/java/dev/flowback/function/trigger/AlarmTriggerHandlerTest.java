package dev.flowback.function.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowback.aws.AwsSettings;
import dev.flowback.core.chain.model.AlarmEvidence;
import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.chain.model.RollbackRequest;
import dev.flowback.core.chain.port.EnvironmentStore.PointerSwitch;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.registry.PublishRequest;
import dev.flowback.core.registry.VersionRecord;
import dev.flowback.core.registry.VersionStatus;
import dev.flowback.core.testing.InMemoryPorts;
import dev.flowback.core.testing.MovableClock;
import dev.flowback.core.trigger.AutomationControls;
import dev.flowback.core.trigger.model.AlarmMapping;
import dev.flowback.core.trigger.model.AutomationPolicy;
import dev.flowback.core.trigger.model.Decision;
import dev.flowback.core.trigger.model.TriggerDecision;
import dev.flowback.emulators.DynaliteEmulator;
import dev.flowback.emulators.LocalTooling;
import dev.flowback.emulators.MotoServer;
import dev.flowback.emulators.S3ProxyEmulator;
import dev.flowback.function.runtime.FunctionConfig;
import dev.flowback.function.runtime.FunctionWiring;
import dev.flowback.function.runtime.StepLog;
import dev.flowback.stepfunctions.SfnRollbackExecutions;
import dev.flowback.stepfunctions.StateMachineConfig;
import dev.flowback.store.dynamodb.DynamoVersionCatalog;
import dev.flowback.store.dynamodb.FlowbackTable;
import dev.flowback.stores.FlowbackStores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The handler end to end on real protocol implementations: the table on dynalite, snapshots on S3Proxy, and
 * announcements put on an EventBridge bus of moto's server, whose rule delivers them to an SQS queue the test reads.
 * Executions are started in memory here (with StartExecution's name rule), except by the handler wired as Lambda
 * wires it, which starts them with StartExecution on moto's Step Functions API; the local stack's scenario tests run
 * them through the state machine.
 */
class AlarmTriggerHandlerTest {
    private static final String TABLE = "flowback-trigger-fn";
    private static final String BUCKET = "flowback-trigger-fn";
    private static final String BUS = "flowback-test";
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:35Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger WORKFLOWS = new AtomicInteger();

    private static S3ProxyEmulator s3;
    private static DynaliteEmulator dynamo;
    private static MotoServer moto;
    private static AwsSettings aws;
    private static SqsClient sqs;
    private static String queueUrl;
    private static final MovableClock CLOCK = new MovableClock(NOW);
    private static final List<String> LOG = new CopyOnWriteArrayList<>();
    private static FunctionWiring wiring;

    private InMemoryPorts.Executions executions;
    private AlarmTriggerHandler handler;
    private EnvironmentRef ref;
    private String alarm;

    @BeforeAll
    static void start() {
        s3 = S3ProxyEmulator.start();
        dynamo = DynaliteEmulator.start();
        moto = MotoServer.start();
        aws = AwsSettings.local(S3ProxyEmulator.ACCESS_KEY, S3ProxyEmulator.SECRET_KEY, Map.of("s3", s3.endpoint(),
                "dynamodb", dynamo.endpoint(), "eventbridge", moto.endpoint(), "sqs", moto.endpoint(),
                "sfn", moto.endpoint()));
        s3.createBucket(BUCKET);
        FlowbackTable.create(DynamoVersionCatalog.client(aws), TABLE);
        wiring = FunctionWiring.of(aws, new FunctionConfig(TABLE, BUCKET, FunctionConfig.DEFAULT_LOCK_LEASE), CLOCK,
                new StepLog(LOG::add));

        EventBridgeClient events = EventBridgeAnnouncements.client(aws);
        events.createEventBus(b -> b.name(BUS));
        sqs = aws.configure(SqsClient.builder(), "sqs").build();
        queueUrl = sqs.createQueue(b -> b.queueName("flowback-announcements")).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        events.putRule(b -> b.name("flowback-trigger").eventBusName(BUS)
                .eventPattern("{\"source\": [\"dev.flowback\"]}"));
        events.putTargets(b -> b.rule("flowback-trigger").eventBusName(BUS)
                .targets(t -> t.id("announcements").arn(queueArn)));
    }

    @AfterAll
    static void stop() {
        sqs.close();
        moto.close();
        dynamo.close();
        s3.close();
    }

    /** v1 (GOOD) then v2 live since 02:30, an alarm of this test's own mapped to the environment. */
    @BeforeEach
    void environment() {
        CLOCK.set(NOW);
        FlowbackStores stores = wiring.stores();
        ref = EnvironmentRef.of("wf-trigger-fn-" + WORKFLOWS.incrementAndGet(), "prod");
        stores.environments().create(Environment.of(ref, "flowback-engine", "2.4.1"), NOW);
        VersionRecord v1 = publish("v1");
        VersionRecord v2 = publish("v2");
        stores.registry().markStatus(ref.workflow(), v1.versionId(), VersionStatus.GOOD);
        Instant switched = Instant.parse("2026-01-02T02:30:00Z");
        long token = stores.environments().acquireLock(ref, "deploy", switched, switched.plusSeconds(600)).token();
        stores.environments().switchPointer(new PointerSwitch(ref, "deploy", token, "deploy", null, v2.versionId(),
                v2.sha256(), switched, switched.plusSeconds(600)));
        stores.environments().releaseLock(ref, "deploy");
        alarm = "orders-latency-" + ref.workflow();
        controls().map(AlarmMapping.of(alarm, ref, NOW, "test"));
        executions = new InMemoryPorts.Executions(CLOCK);
        handler = new AlarmTriggerHandler(wiring, new EventBridgeAnnouncements(EventBridgeAnnouncements.client(aws),
                BUS), executions);
        drain();
    }

    private VersionRecord publish(String version) {
        String json = "{\"schemaVersion\": \"1.0\", \"name\": \"t\", \"engine\": {\"name\": \"flowback-engine\","
                + " \"version\": \"^2.1.0\"}, \"nodes\": [{\"id\": \"start\", \"type\": \"start\"}, {\"id\": \"x\","
                + " \"type\": \"llm\", \"params\": {\"p\": \"" + version + "\"}}], \"edges\": [{\"from\": \"start\","
                + " \"to\": \"x\"}]}";
        return wiring.stores().registry().publish(PublishRequest.of(ref.workflow(), VersionId.of(version),
                json.getBytes(StandardCharsets.UTF_8), "test", "")).version();
    }

    private static AutomationControls controls() {
        FlowbackStores s = wiring.stores();
        return new AutomationControls(s.alarmMappings(), s.environments(), s.registry(), s.holds(), s.automation(),
                s.triggerDecisions(), CLOCK);
    }

    /** A sample from events/alarms/, about this test's alarm. */
    private byte[] sample(String name) throws IOException {
        String text = Files.readString(LocalTooling.get().root().resolve("events/alarms/" + name + ".json"));
        return text.replace("orders-latency-high", alarm).getBytes(StandardCharsets.UTF_8);
    }

    private JsonNode invoke(byte[] payload) throws IOException {
        return JSON.readTree(handler.invoke(payload, "req-" + System.nanoTime())).path("decisions").get(0);
    }

    /** What the rule delivered to the queue: moto delivers during PutEvents, so it is there when invoke returns. */
    private static List<JsonNode> announcements() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        List<Message> batch;
        do {
            batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages();
            for (Message m : batch) {
                out.add(JSON.readTree(m.body()));
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        } while (!batch.isEmpty());
        return out;
    }

    private static void drain() {
        try {
            announcements();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void oneStateChangeByAllThreePathsStartsOneRollbackAndAnnouncesItOnce() throws IOException {
        JsonNode first = invoke(sample("metric-alarm-action"));
        CLOCK.advance(Duration.ofSeconds(1));
        JsonNode second = invoke(sample("eventbridge-state-change"));
        CLOCK.advance(Duration.ofSeconds(1));
        JsonNode third = invoke(sample("sns-notification"));
        assertEquals("started", first.path("decision").asText(), first.toString());
        assertEquals("deduplicated", second.path("decision").asText(), second.toString());
        assertEquals("deduplicated", third.path("decision").asText(), third.toString());
        assertEquals(1, executions.started.size());
        RollbackRequest request = executions.started.values().iterator().next();
        AlarmEvidence evidence = request.evidence();
        assertEquals(List.of(300.0, 280.5), evidence.values());
        assertEquals(250.0, evidence.threshold());
        assertEquals("last-known-good", request.target().toString());

        assertTrue(wiring.stores().holds().find(ref, VersionId.of("v2")).orElseThrow().isActive());
        List<TriggerDecision> recorded = controls().decisions(ref, 10);
        assertEquals(List.of(Decision.DEDUPLICATED, Decision.DEDUPLICATED, Decision.STARTED),
                recorded.stream().map(TriggerDecision::decision).toList(), "recorded in the table, newest first");

        List<JsonNode> announced = announcements();
        assertEquals(1, announced.size(), announced.toString());
        JsonNode event = announced.get(0);
        assertEquals("Automatic Rollback Started", event.path("detail-type").asText());
        assertEquals("dev.flowback", event.path("source").asText());
        JsonNode detail = event.path("detail");
        assertEquals(ref.workflow().value(), detail.path("workflow_id").asText());
        assertEquals(300.0, detail.path("alarm").path("values").get(0).asDouble());
        assertTrue(detail.path("alarm").path("values").get(0).isNumber(), "figures as numbers, not text");
        assertEquals("2026-01-02T03:04:05.678Z", detail.path("alarm").path("state_changed_at").asText());
        assertTrue(LOG.stream().anyMatch(l -> l.contains("\"step\":\"trigger\"") && l.contains("\"started\"")
                && l.contains(alarm)), "every decision has its log line");
    }

    @Test
    void aFreezeIsAnnouncedOnceAndNothingStartsAfterIt() throws IOException {
        controls().setPolicy(ref, new AutomationPolicy(Duration.ZERO, 1));
        assertEquals("started", invoke(sample("metric-alarm-action")).path("decision").asText());
        CLOCK.advance(Duration.ofSeconds(40));
        String later = new String(sample("metric-alarm-action"), StandardCharsets.UTF_8)
                .replace("2026-01-02T03:04:05.678+0000", "2026-01-02T03:05:05.000+0000");
        JsonNode capped = invoke(later.getBytes(StandardCharsets.UTF_8));
        assertEquals("frozen", capped.path("decision").asText(), capped.toString());
        assertEquals("cap", capped.path("rule").asText());
        CLOCK.advance(Duration.ofSeconds(10));
        String again = later.replace("03:05:05.000", "03:05:15.000");
        assertEquals("frozen", invoke(again.getBytes(StandardCharsets.UTF_8)).path("rule").asText());
        assertEquals(1, executions.started.size());
        List<JsonNode> announced = announcements();
        assertEquals(List.of("Automatic Rollback Started", "Automatic Rollback Frozen"), announced.stream()
                .map(e -> e.path("detail-type").asText()).toList(), "the freeze once, not each frozen decision");
        assertTrue(controls().automation(ref).frozen());
    }

    @Test
    void badInputIsARecordedRefusalNeverAnUnhandledError() throws IOException {
        JsonNode notJson = invoke("{not json".getBytes(StandardCharsets.UTF_8));
        assertEquals("refused", notJson.path("decision").asText());
        assertEquals("delivery.unreadable", notJson.path("rule").asText());
        JsonNode unknown = invoke(("{\"detail-type\": \"Scheduled Event\", \"source\": \"aws.events\", \"id\": \"x\","
                + " \"time\": \"2026-01-02T03:04:05Z\", \"detail\": {}}").getBytes(StandardCharsets.UTF_8));
        assertEquals("delivery.unreadable", unknown.path("rule").asText());
        assertTrue(unknown.path("message").asText().contains("\"Scheduled Event\""), unknown.toString());
        JsonNode unmapped = invoke(sample("composite-alarm-action"));
        assertEquals("mapping.none", unmapped.path("rule").asText(), unmapped.toString());
        assertEquals("orders-composite", unmapped.path("alarm").path("alarm_name").asText());

        controls().unmap(alarm);
        controls().map(AlarmMapping.of(alarm, ref, NOW, "test"));
        wiring.stores().alarmMappings().remove(alarm);
        // Written straight to the store, as a mapping whose environment was deleted since would read.
        wiring.stores().alarmMappings().create(AlarmMapping.of(alarm, EnvironmentRef.of(ref.workflow().value(),
                "staging"), NOW, "test"));
        JsonNode nowhere = invoke(sample("sns-notification"));
        assertEquals("refused", nowhere.path("decision").asText(), nowhere.toString());
        assertFalse(nowhere.path("message").asText().isEmpty());
        assertTrue(executions.started.isEmpty(), "nothing started for any of them");
        assertTrue(controls().unroutedDecisions(100).size() >= 3, "recorded apart from any environment");
        assertEquals(List.of(), announcements());
    }

    @Test
    void aBusThatRefusesTheAnnouncementIsNotedOnTheDecisionAndTheStartStands() throws IOException {
        AlarmTriggerHandler noBus = new AlarmTriggerHandler(wiring, new EventBridgeAnnouncements(
                EventBridgeAnnouncements.client(aws), "no-such-bus"), executions);
        JsonNode d = JSON.readTree(noBus.invoke(sample("metric-alarm-action"), "req-x")).path("decisions").get(0);
        assertEquals("started", d.path("decision").asText());
        assertTrue(d.path("message").asText().contains("announcing it failed"), d.toString());
        assertEquals(1, executions.started.size());
        assertTrue(controls().decisions(ref, 1).get(0).message().contains("announcing it failed"));
    }

    @Test
    void wiredFromTheEnvironmentAsLambdaWiresItTheTriggerStartsTheStateMachineWithStartExecution() throws IOException {
        try (SfnClient sfn = SfnRollbackExecutions.client(aws)) {
            String stateMachine = sfn.createStateMachine(b -> b.name("flowback-rollback-" + ref.workflow())
                    .definition("{\"StartAt\": \"Wait\", \"States\": {\"Wait\": {\"Type\": \"Wait\","
                            + " \"Seconds\": 600, \"End\": true}}}")
                    .roleArn("arn:aws:iam::" + MotoServer.ACCOUNT + ":role/flowback-rollback")).stateMachineArn();
            Map<String, String> variables = new HashMap<>(Map.of(FunctionConfig.TABLE, TABLE,
                    FunctionConfig.BUCKET, BUCKET, StateMachineConfig.STATE_MACHINE_ARN, stateMachine,
                    TriggerConfig.EVENT_BUS, BUS));
            AlarmTriggerHandler lambda = new AlarmTriggerHandler(variables, aws, CLOCK, StepLog.discard());

            JsonNode started = JSON.readTree(lambda.invoke(sample("metric-alarm-action"), "req-1"))
                    .path("decisions").get(0);
            CLOCK.advance(Duration.ofSeconds(2));
            JsonNode again = JSON.readTree(lambda.invoke(sample("eventbridge-state-change"), "req-2"))
                    .path("decisions").get(0);

            assertEquals("started", started.path("decision").asText(), started.toString());
            assertEquals("deduplicated", again.path("decision").asText(), again.toString());
            String arn = started.path("execution_arn").asText();
            assertEquals(new StateMachineConfig(stateMachine).executionArn(started.path("execution_name").asText()),
                    arn);
            assertEquals(1, sfn.listExecutions(b -> b.stateMachineArn(stateMachine)).executions().size(),
                    "one StartExecution for both deliveries");
            DescribeExecutionResponse execution = sfn.describeExecution(b -> b.executionArn(arn));
            RollbackRequest input = RollbackRequest.parse(JSON.readValue(execution.input(), Object.class));
            assertEquals("alarm", input.trigger().wireName());
            assertEquals("last-known-good", input.target().toString());
            assertEquals(ref, input.ref());
            assertEquals(List.of(300.0, 280.5), input.evidence().values(), "the alarm's figures in the input");
            assertEquals(1, announcements().size(), "the start announced on the configured bus");

            variables.remove(StateMachineConfig.STATE_MACHINE_ARN);
            IllegalStateException missing = assertThrows(IllegalStateException.class,
                    () -> new AlarmTriggerHandler(variables, aws, CLOCK, StepLog.discard()));
            assertTrue(missing.getMessage().contains(StateMachineConfig.STATE_MACHINE_ARN), missing.getMessage());
        }
    }
}
