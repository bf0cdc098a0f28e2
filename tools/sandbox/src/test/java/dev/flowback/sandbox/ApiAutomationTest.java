package dev.flowback.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowback.core.chain.model.AlarmEvidence;
import dev.flowback.core.chain.model.AlarmState;
import dev.flowback.core.id.EnvironmentName;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.trigger.model.AlarmDelivery;
import dev.flowback.core.trigger.model.AutomationFreeze;
import dev.flowback.core.trigger.model.AutomationPolicy;
import dev.flowback.core.trigger.model.AutomationState;
import dev.flowback.core.trigger.model.Decision;
import dev.flowback.core.trigger.model.TriggerDecision;
import dev.flowback.core.trigger.model.TriggerRule;
import dev.flowback.sandbox.ApiFixture.Answer;
import dev.flowback.stores.FlowbackStores;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The alarm trigger's controls over HTTP on the local stack (the real handler behind LocalApiServer, dynalite and
 * S3Proxy underneath): alarm mappings, holds a person places and lifts (and that the chain then honours), lifting a
 * freeze, and the environment read showing all of it with the trigger's decisions and the verification notice.
 * Freezes and decisions are the trigger's to write; the tests write them through the same DynamoDB stores.
 */
class ApiAutomationTest extends OnApiStack {
    private static final String ALICE = "arn:aws:sts::123456789012:assumed-role/operators/alice";

    @Test
    void mapsListsAndUnmapsAlarmsOfOneEnvironment() {
        String wf = stack.preparedWorkflow("alarms");
        String env = "/workflows/" + wf + "/environments/prod";
        Answer mapped = stack.call("POST", env + "/alarms", "application/json", ("{\"alarm_name\": \"" + wf
                + " errors/high\", \"on_insufficient_data\": \"ROLLBACK\", \"max_age_seconds\": 600,"
                + " \"blame_preexisting_alarm\": true}").getBytes(), Map.of(LocalApiServer.CALLER_HEADER, ALICE));
        assertEquals(201, mapped.status(), mapped.toString());
        assertEquals(wf + " errors/high", mapped.json().get("alarm_name").asText());
        assertEquals("ROLLBACK", mapped.json().get("on_insufficient_data").asText());
        assertEquals(600, mapped.json().get("max_age_seconds").asLong());
        assertTrue(mapped.json().get("blame_preexisting_alarm").asBoolean());
        assertEquals(ALICE, mapped.json().get("created_by").asText(), "the caller, never a body field");
        assertEquals(env + "/alarms/" + wf + "%20errors%2Fhigh", mapped.header("Location"));

        Answer defaults = stack.postJson(env + "/alarms", "{\"alarm_name\": \"" + wf + "-latency\"}");
        assertEquals(201, defaults.status(), defaults.toString());
        assertEquals("IGNORE", defaults.json().get("on_insufficient_data").asText());
        assertEquals(1200, defaults.json().get("max_age_seconds").asLong());
        assertFalse(defaults.json().get("blame_preexisting_alarm").asBoolean());

        Answer again = stack.postJson(env + "/alarms", "{\"alarm_name\": \"" + wf + "-latency\"}");
        assertEquals(409, again.status(), "one alarm speaks for one environment: " + again);

        Answer listed = stack.get(env + "/alarms");
        assertEquals(200, listed.status(), listed.toString());
        assertEquals(List.of(wf + " errors/high", wf + "-latency"), names(listed.json().get("alarms")));

        // Another environment of the workflow cannot unmap prod's alarm.
        assertEquals(201, stack.postJson("/workflows/" + wf + "/environments",
                "{\"name\": \"staging\", \"engine\": {\"name\": \"flowback-engine\", \"version\": \"2.4.1\"}}")
                .status());
        Answer elsewhere = stack.call("DELETE", "/workflows/" + wf + "/environments/staging/alarms/" + wf
                + "-latency", null, null, Map.of());
        assertEquals(404, elsewhere.status(), elsewhere.toString());
        assertEquals("alarm_name", elsewhere.field());

        Answer unmapped = stack.call("DELETE", env + "/alarms/" + wf + "%20errors%2Fhigh", null, null, Map.of());
        assertEquals(204, unmapped.status(), unmapped.toString());
        assertTrue(unmapped.body().isEmpty());
        assertEquals(List.of(wf + "-latency"), names(stack.get(env + "/alarms").json().get("alarms")));
        assertEquals(404, stack.call("DELETE", env + "/alarms/" + wf + "%20errors%2Fhigh", null, null, Map.of())
                .status(), "not mapped any more");
        assertEquals(List.of(wf + "-latency"), names(stack.get(env).json().get("alarms")), "the read shows them");
    }

    @Test
    void aHeldVersionIsRefusedAsATargetUntilItsHoldIsLifted() throws Exception {
        String wf = stack.preparedWorkflow("holds");
        String env = "/workflows/" + wf + "/environments/prod";
        Answer held = stack.call("POST", env + "/holds", "application/json",
                "{\"version\": \"v1.1.0\", \"reason\": \"refunds broken\"}".getBytes(),
                Map.of(LocalApiServer.CALLER_HEADER, ALICE));
        assertEquals(201, held.status(), held.toString());
        assertEquals("v1.1.0", held.json().get("version").asText());
        assertEquals("refunds broken", held.json().get("reason").asText());
        assertEquals(ALICE, held.json().get("held_by").asText());
        Instant at = Instant.parse(held.json().get("held_at").asText());
        assertTrue(!at.isAfter(Instant.now()), at.toString());
        assertEquals(409, stack.postJson(env + "/holds", "{\"version\": \"v1.1.0\"}").status(), "held already");

        JsonNode holds = stack.get(env + "/holds").json().get("holds");
        assertEquals(1, holds.size());
        assertEquals(held.json(), holds.get(0));
        assertEquals(holds, stack.get(env).json().get("holds"), "the environment read shows its holds");

        Answer refused = stack.postJson(env + "/rollbacks", "{\"target_version\": \"v1.1.0\", \"dry_run\": true}");
        assertEquals(422, refused.status(), refused.toString());
        assertEquals("target.refused", refused.code());
        assertEquals("target_version", refused.field());
        assertTrue(refused.json().get("error").get("message").asText().contains("v1.1.0 is held in"),
                refused.toString());

        Answer lifted = stack.call("DELETE", env + "/holds/v1.1.0", null, null, Map.of());
        assertEquals(204, lifted.status(), lifted.toString());
        assertEquals(0, stack.get(env + "/holds").json().get("holds").size());
        assertEquals(404, stack.call("DELETE", env + "/holds/v1.1.0", null, null, Map.of()).status(), "not held");
        Answer started = stack.postJson(env + "/rollbacks", "{\"target_version\": \"v1.1.0\"}");
        assertEquals(202, started.status(), started.toString());
        assertEquals("SUCCEEDED", stack.awaitFinished(wf, started.json().get("rollback_id").asText()).get("status")
                .asText(), "lifted, the version deploys");
    }

    @Test
    void theEnvironmentReadShowsAutomationAndTheTriggersDecisionsAndAFreezeIsLifted() {
        String wf = stack.preparedWorkflow("freeze");
        String env = "/workflows/" + wf + "/environments/prod";
        JsonNode before = stack.get(env).json();
        assertFalse(before.get("automation").get("frozen").asBoolean());
        assertTrue(before.get("automation").get("freeze").isNull());
        assertEquals(900, before.get("automation").get("policy").get("cooldown_seconds").asLong());
        assertEquals(0, before.get("trigger_decisions").size());
        assertTrue(before.get("verification_notice").isNull(), "prod is verified against an alarm");
        assertEquals(404, stack.call("DELETE", env + "/automation/freeze", null, null, Map.of()).status(),
                "nothing to lift");

        // What the trigger writes when a fourth alarm within the hour meets the cap.
        EnvironmentRef ref = new EnvironmentRef(WorkflowId.of(wf), EnvironmentName.of("prod"));
        FlowbackStores stores = FlowbackStores.onAws(stack.storage.settings(), LocalStorage.TABLE,
                LocalStorage.BUCKET, Clock.systemUTC());
        Instant now = Instant.now();
        String alarm = wf + "-errors";
        assertTrue(stores.automation().save(new AutomationState(ref, 1, AutomationPolicy.defaults(),
                new AutomationFreeze(now, "cap", "3 automatic rollbacks within an hour", alarm), List.of(), null,
                null)));
        stores.triggerDecisions().record(new TriggerDecision(now, AlarmDelivery.EVENTBRIDGE, "delivery-1",
                Decision.FROZEN, TriggerRule.CAP, "3 automatic rollbacks within an hour: automation frozen",
                new AlarmEvidence(alarm, AlarmState.ALARM, "Threshold Crossed", now.minusSeconds(5), List.of(0.3),
                        0.05), ref, null, null, VersionId.of("v1.1.0"), null, true));

        JsonNode frozen = stack.get(env).json();
        JsonNode automation = frozen.get("automation");
        assertTrue(automation.get("frozen").asBoolean(), automation.toString());
        assertEquals("cap", automation.get("freeze").get("rule").asText());
        assertEquals(alarm, automation.get("freeze").get("alarm_name").asText());
        JsonNode decision = frozen.get("trigger_decisions").get(0);
        assertEquals("frozen", decision.get("decision").asText());
        assertEquals("cap", decision.get("rule").asText());
        assertEquals(alarm, decision.get("alarm_name").asText());
        assertEquals("v1.1.0", decision.get("live_version").asText());

        Answer resumed = stack.call("DELETE", env + "/automation/freeze", null, null,
                Map.of(LocalApiServer.CALLER_HEADER, ALICE));
        assertEquals(200, resumed.status(), resumed.toString());
        assertFalse(resumed.json().get("frozen").asBoolean());
        assertEquals(ALICE, resumed.json().get("resumed_by").asText());
        assertFalse(stack.get(env).json().get("automation").get("frozen").asBoolean(), "stored");
        assertFalse(stores.automation().get(ref).frozen());
    }

    @Test
    void anEnvironmentWithoutHealthSignalsSaysItsSwitchesCannotBecomeGood() {
        String wf = ApiFixture.workflow("notice");
        Answer created = stack.postJson("/workflows/" + wf + "/environments",
                "{\"name\": \"prod\", \"engine\": {\"name\": \"flowback-engine\", \"version\": \"2.4.1\"}}");
        assertEquals(201, created.status(), created.toString());
        String notice = created.json().get("verification_notice").asText();
        assertTrue(notice.startsWith("no health signal is configured"), notice);
        assertEquals("embedded-gate", created.json().get("engine").get("adapter").asText());

        // The engine binding is set through the engine section too; a secret is named by its ARN, never given.
        String arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:flowback/engine-key";
        Answer bound = stack.call("PATCH", "/workflows/" + wf + "/environments/prod", "application/json",
                ("{\"engine\": {\"adapter\": \"webhook\", \"settings\": {"
                        + "\"url\": \"https://engine.example.com/flowback/v1\","
                        + " \"signing_secret_arn\": \"" + arn + "\"}}}").getBytes(), Map.of());
        assertEquals(200, bound.status(), bound.toString());
        JsonNode engine = stack.get("/workflows/" + wf + "/environments/prod").json().get("engine");
        assertEquals("webhook", engine.get("adapter").asText());
        assertEquals(arn, engine.get("settings").get("signing_secret_arn").asText());
        assertEquals("flowback-engine", engine.get("name").asText(), "the rest of the section is kept");
    }

    private static List<String> names(JsonNode alarms) {
        return StreamSupport.stream(alarms.spliterator(), false)
                .map(a -> a.get("alarm_name").asText()).toList();
    }
}
