package dev.flowback.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.chain.port.VersionHolds;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.testing.TriggerPortsContract;
import dev.flowback.core.trigger.model.AlarmDelivery;
import dev.flowback.core.trigger.model.AutomaticStart;
import dev.flowback.core.trigger.model.AutomationState;
import dev.flowback.core.trigger.model.Decision;
import dev.flowback.core.trigger.model.TriggerDecision;
import dev.flowback.core.trigger.model.TriggerRule;
import dev.flowback.core.trigger.port.AlarmMappings;
import dev.flowback.core.trigger.port.AutomationStore;
import dev.flowback.core.trigger.port.TriggerDecisions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Holds, alarm mappings, the automation state and trigger decisions against dynalite: the contract every
 * implementation keeps, and what only a real table shows (concurrent writers of the automation state).
 */
class DynamoTriggerPortsTest extends TriggerPortsContract {
    private static final String TABLE = "flowback-trigger-test";

    private static DynaliteTable table;
    private static DynamoVersionHolds holds;
    private static DynamoAlarmMappings mappings;
    private static DynamoAutomationStore automation;
    private static DynamoTriggerDecisions decisions;

    @BeforeAll
    static void start() {
        table = DynaliteTable.start(TABLE);
        holds = new DynamoVersionHolds(table.client, TABLE);
        mappings = new DynamoAlarmMappings(table.client, TABLE);
        automation = new DynamoAutomationStore(table.client, TABLE);
        decisions = new DynamoTriggerDecisions(table.client, TABLE);
    }

    @AfterAll
    static void stop() {
        table.close();
    }

    @Override
    protected VersionHolds holds() {
        return holds;
    }

    @Override
    protected AlarmMappings mappings() {
        return mappings;
    }

    @Override
    protected AutomationStore automation() {
        return automation;
    }

    @Override
    protected TriggerDecisions decisions() {
        return decisions;
    }

    @Test
    void concurrentWritersOfOneRevisionLetExactlyOneIn() throws Exception {
        EnvironmentRef ref = EnvironmentRef.of("wf-trig-race", "prod");
        AutomationState read = automation.get(ref);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Boolean>> writers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                AutomationState next = read.withStart(new AutomaticStart("alarm-" + i, T0, "a", VersionId.of("v2")));
                Callable<Boolean> write = () -> automation.save(next);
                writers.add(pool.submit(write));
            }
            int won = 0;
            for (Future<Boolean> w : writers) {
                won += w.get() ? 1 : 0;
            }
            assertEquals(1, won, "one start per revision, whatever the interleaving");
            assertEquals(1, automation.get(ref).starts().size());
            assertTrue(automation.get(ref).starts().get(0).executionName().startsWith("alarm-"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDecisionExpiresByTtlAfterTheRetention() {
        Instant decided = Instant.parse("2026-03-04T05:06:07.089Z");
        decisions.record(new TriggerDecision(decided, AlarmDelivery.SNS, "ttl-delivery", Decision.REFUSED,
                TriggerRule.NO_MAPPING, "no mapping", null, null, null, null, null, null, false));

        Map<String, AttributeValue> item = table.client.getItem(b -> b.tableName(TABLE).key(Map.of(
                FlowbackTable.PK, AttributeValue.fromS(DynamoTriggerDecisions.UNROUTED_PARTITION),
                FlowbackTable.SK, AttributeValue.fromS("TRIGGER#2026-03-04T05:06:07.089Z#ttl-delivery")))).item();

        assertEquals(String.valueOf(decided.plus(Duration.ofDays(90)).getEpochSecond()), item.get("ttl").n(),
                "the attribute the table's TimeToLiveSpecification names, in epoch seconds");
        assertEquals(1, decisions.unrouted(10).stream().filter(d -> d.deliveryId().equals("ttl-delivery")).count());
    }
}
