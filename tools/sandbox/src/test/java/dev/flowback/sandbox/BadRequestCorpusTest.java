package dev.flowback.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.sandbox.ApiFixture.Answer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A generated corpus of bad requests, each class of bad input the API must refuse (malformed JSON, duplicate keys,
 * unknown fields, invalid ids, path traversal, wrong content types, oversized bodies, wrong methods, bad query
 * parameters and Accept headers, wrongly typed fields) on every route it applies to, alone and in combination.
 * Every one must be a 4xx whose error names a field at fault, none a 5xx, and nothing may be written: the table and
 * the bucket hold exactly what they held before the corpus ran.
 */
class BadRequestCorpusTest extends OnApiStack {
    private static final String WF = "corpus-wf";
    private static final String UPLOAD = "0123456789abcdef0123456789abcdef";

    @BeforeAll
    static void publishOneVersion() {
        assertEquals(201, stack.call("POST", "/workflows/" + WF + "/versions?version=v1.0.0", "application/json",
                SampleDefinitions.triage("^2.1.0", "corpus"), Map.of()).status());
        assertEquals(201, stack.postJson("/workflows/" + WF + "/environments",
                "{\"name\": \"prod\", \"engine\": {\"name\": \"flowback-engine\", \"version\": \"2.4.1\"}}").status());
    }

    /** One bad request and the fields any one of which its refusal may name. */
    record Case(String name, String method, String path, String contentType, byte[] body, Map<String, String> headers,
                Set<String> fields) {
        @Override
        public String toString() {
            return name + ": " + method + " " + path;
        }
    }

    /** A valid request of each operation, to be broken one way (or two) at a time. */
    record Valid(String operation, String method, String path, String contentType, String body) {
        String withWorkflow(String workflow) {
            return path.replace("/workflows/" + WF + "/", "/workflows/" + workflow + "/");
        }
    }

    private static final String ENGINE = "{\"name\": \"flowback-engine\", \"version\": \"2.4.1\"}";
    private static final String DEFINITION = new String(SampleDefinitions.triage("^2.1.0", "other"),
            StandardCharsets.UTF_8);

    static List<Valid> valid() {
        String env = "/workflows/" + WF + "/environments/prod";
        return List.of(
                new Valid("listVersions", "GET", "/workflows/" + WF + "/versions", null, null),
                new Valid("publishVersion", "POST", "/workflows/" + WF + "/versions?version=v9.0.0",
                        "application/json", DEFINITION),
                new Valid("getVersion", "GET", "/workflows/" + WF + "/versions/v1.0.0", null, null),
                new Valid("diffVersions", "GET", "/workflows/" + WF + "/diff?from=v1.0.0&to=v1.0.0", null, null),
                new Valid("offerUpload", "POST", "/workflows/" + WF + "/uploads", "application/json",
                        "{\"size_bytes\": 100}"),
                new Valid("publishUpload", "POST", "/workflows/" + WF + "/uploads/" + UPLOAD + "/publish", null, null),
                new Valid("createEnvironment", "POST", "/workflows/" + WF + "/environments", "application/json",
                        "{\"name\": \"stage\", \"engine\": " + ENGINE + "}"),
                new Valid("getEnvironment", "GET", env, null, null),
                new Valid("updateEnvironment", "PATCH", env, "application/json",
                        "{\"health\": {\"error_rate_threshold\": 0.1}}"),
                new Valid("startRollback", "POST", env + "/rollbacks", "application/json",
                        "{\"target_version\": \"v1.0.0\", \"dry_run\": true}"),
                new Valid("getRollback", "GET", env + "/rollbacks/api-0123", null, null),
                new Valid("mapAlarm", "POST", env + "/alarms", "application/json",
                        "{\"alarm_name\": \"corpus-errors\"}"),
                new Valid("listAlarms", "GET", env + "/alarms", null, null),
                new Valid("unmapAlarm", "DELETE", env + "/alarms/corpus-unmapped", null, null),
                new Valid("placeHold", "POST", env + "/holds", "application/json", "{\"version\": \"v1.0.0\"}"),
                new Valid("listHolds", "GET", env + "/holds", null, null),
                new Valid("liftHold", "DELETE", env + "/holds/v1.0.0", null, null),
                new Valid("unfreezeAutomation", "DELETE", env + "/automation/freeze", null, null),
                new Valid("setAutomationPolicy", "PUT", env + "/automation/policy", "application/json",
                        "{\"cooldown_seconds\": 900, \"max_rollbacks_per_hour\": 3}"));
    }

    static List<Case> corpus() {
        List<Case> cases = new ArrayList<>();
        List<Valid> valid = valid();
        List<Valid> jsonRoutes = valid.stream().filter(v -> "application/json".equals(v.contentType())
                && !v.operation().equals("publishVersion")).toList();
        List<Valid> bodyRoutes = valid.stream().filter(v -> v.contentType() != null).toList();

        // Invalid workflow ids and path traversal in the workflow segment, on every route.
        List<String> workflows = List.of("-lead", "a%20b", "a%2Fb", "..", "%2e%2e", "..%2F..%2Fetc", "x".repeat(129),
                "wf%00", "%C3%A9t%C3%A9", "a%23b", ".hidden");
        for (Valid v : valid) {
            for (String wf : workflows) {
                cases.add(of("workflow " + wf, v.method(), v.withWorkflow(wf), v, Set.of("workflow_id")));
            }
        }
        // Invalid environments, on the routes that name one.
        List<String> environments = List.of("Prod", "1prod", "p_rod", "e".repeat(33), "..", "%2e%2e", "pr%2Fod",
                "pr%0Aod");
        for (Valid v : valid) {
            if (v.path().contains("/environments/prod")) {
                for (String env : environments) {
                    cases.add(of("environment " + env, v.method(), v.path().replace("/environments/prod",
                            "/environments/" + env), v, Set.of("environment")));
                }
            }
        }
        // Invalid version ids: in the path, in the diff's query, in publish's query.
        List<String> versions = List.of("1.0.0", "v1.0", "v01.0.0", "v1.0.0%2F..", "..", "latest",
                "v" + "9".repeat(70));
        for (String version : versions) {
            cases.add(new Case("version_id " + version, "GET", "/workflows/" + WF + "/versions/" + version, null,
                    null, Map.of(), Set.of("version_id")));
            cases.add(new Case("from " + version, "GET", "/workflows/" + WF + "/diff?from=" + version + "&to=v1.0.0",
                    null, null, Map.of(), Set.of("from")));
            cases.add(new Case("to " + version, "GET", "/workflows/" + WF + "/diff?from=v1.0.0&to=" + version,
                    null, null, Map.of(), Set.of("to")));
            cases.add(new Case("publish version " + version, "POST", "/workflows/" + WF + "/versions?version="
                    + version, "application/json", bytes(DEFINITION), Map.of(), Set.of("version")));
            cases.add(json("upload version " + version, "POST", "/workflows/" + WF + "/uploads",
                    "{\"version\": \"" + version + "\"}", Set.of("version")));
            if (version.equals("latest")) {
                continue;
            }
            cases.add(json("rollback target " + version, "POST", "/workflows/" + WF + "/environments/prod/rollbacks",
                    "{\"target_version\": \"" + version.replace("%2F", "/") + "\"}", Set.of("target_version")));
        }
        for (String upload : List.of("ABCDEF0123456789ABCDEF0123456789", "123", "g".repeat(32), "..", "%2e%2e")) {
            cases.add(new Case("upload_id " + upload, "POST", "/workflows/" + WF + "/uploads/" + upload + "/publish",
                    null, null, Map.of(), Set.of("upload_id")));
        }
        for (String rollback : List.of("..", "a%20b", "r".repeat(81), "arn:aws:states:us-east-1:1:execution:x:y",
                "%2e%2e%2Fx")) {
            cases.add(new Case("rollback_id " + rollback, "GET", "/workflows/" + WF
                    + "/environments/prod/rollbacks/" + rollback, null, null, Map.of(), Set.of("rollback_id")));
        }

        // Malformed JSON, duplicate keys, non-objects: on every JSON route.
        List<String> malformed = List.of("{", "{\"a\": }", "{\"target_version\": \"v1.0.0\",}", "not json",
                "{} {}", "[]", "\"text\"", "null", "{\"a\": 1} trailing", "{\"a\": NaN}");
        for (Valid v : jsonRoutes) {
            for (String body : malformed) {
                cases.add(json("malformed " + body, v.method(), v.path(), body, Set.of("body")));
            }
            cases.add(json("duplicate top-level key", v.method(), v.path(), v.body().substring(0,
                    v.body().length() - 1) + ", " + v.body().substring(1), Set.of("body")));
            cases.add(json("unknown field", v.method(), v.path(), v.body().substring(0, v.body().length() - 1)
                    + ", \"requested_by\": \"mallory\"}", Set.of("requested_by")));
            cases.add(json("unknown field, snake-cased wrong", v.method(), v.path(), v.body().substring(0,
                    v.body().length() - 1) + ", \"dryRun\": true}", Set.of("dryRun")));
            // Too large for a JSON body.
            cases.add(json("oversized JSON", v.method(), v.path(), "{\"reason\": \"" + "r".repeat(70_000) + "\"}",
                    Set.of("body")));
        }
        cases.add(json("duplicate nested key", "PATCH", "/workflows/" + WF + "/environments/prod",
                "{\"health\": {\"error_rate_threshold\": 0.1, \"error_rate_threshold\": 0.9}}", Set.of("body")));
        cases.add(json("duplicate nested key on create", "POST", "/workflows/" + WF + "/environments",
                "{\"name\": \"stage\", \"engine\": {\"name\": \"a\", \"name\": \"b\", \"version\": \"1.0.0\"}}",
                Set.of("body")));
        // Unknown and wrongly typed fields, nested.
        String env = "/workflows/" + WF + "/environments/prod";
        Map<String, String> patches = new LinkedHashMap<>();
        patches.put("{\"health\": {\"alarms\": []}}", "health.alarms");
        patches.put("{\"rollout\": {\"drain_timeout\": 5}}", "rollout.drain_timeout");
        patches.put("{\"engine\": {\"name\": \"x\", \"major\": 2}}", "engine.major");
        patches.put("{\"health\": {\"metrics\": {\"namespace\": \"n\", \"requests_metric\": \"r\","
                + " \"errors_metric\": \"e\", \"latency_metric\": \"l\", \"period\": 60}}}", "health.metrics.period");
        patches.put("{\"owner\": \"me\"}", "owner");
        patches.put("{\"health\": {\"alarm_names\": \"one\"}}", "health.alarm_names");
        patches.put("{\"health\": {\"alarm_names\": [1]}}", "health.alarm_names[0]");
        patches.put("{\"health\": {\"error_rate_threshold\": 2}}", "health.error_rate_threshold");
        patches.put("{\"health\": {\"error_rate_threshold\": \"5%\"}}", "health.error_rate_threshold");
        patches.put("{\"health\": {\"p99_threshold_ms\": 0}}", "health.p99_threshold_ms");
        patches.put("{\"health\": {\"p99_threshold_ms\": 1.5}}", "health.p99_threshold_ms");
        patches.put("{\"health\": {\"health_url\": \"ftp://x\"}}", "health.health_url");
        patches.put("{\"health\": {\"health_url\": \"http://exa mple\"}}", "health.health_url");
        patches.put("{\"health\": {\"metrics\": {\"namespace\": \"n\"}}}", "health.metrics.requests_metric");
        patches.put("{\"rollout\": {\"drain_timeout_seconds\": -1}}", "rollout.drain_timeout_seconds");
        patches.put("{\"rollout\": {\"drain_timeout_seconds\": \"60\"}}", "rollout.drain_timeout_seconds");
        patches.put("{\"rollout\": {\"check_interval_seconds\": 0}}", "rollout.check_interval_seconds");
        patches.put("{\"rollout\": {\"check_interval_seconds\": 1, \"verification_window_seconds\": 3600}}",
                "rollout.verification_window_seconds");
        patches.put("{\"rollout\": {\"on_verify_failure\": \"ROLLBACK\"}}", "rollout.on_verify_failure");
        patches.put("{\"engine\": {\"version\": \"two\"}}", "engine.version");
        patches.put("{\"engine\": {\"name\": \"bad name\"}}", "engine.name");
        patches.put("{\"engine\": \"flowback-engine\"}", "engine");
        patches.put("{\"health\": [1]}", "health");
        patches.put("{\"name\": \"prod\"}", "name");
        patches.put("{\"engine\": {\"adapter\": \"k8s\"}}", "engine.adapter");
        patches.put("{\"engine\": {\"adapter\": 1}}", "engine.adapter");
        patches.put("{\"engine\": {\"settings\": {\"url\": \"https://e.example.com\"}}}", "engine.settings.url");
        patches.put("{\"engine\": {\"settings\": \"url\"}}", "engine.settings");
        patches.put("{\"engine\": {\"adapter\": \"webhook\", \"settings\": {\"url\": \"http://e.example.com\","
                + " \"signing_secret_arn\": \"arn:aws:secretsmanager:eu-west-1:123456789012:secret:flowback/k\"}}}",
                "engine.settings.url");
        patches.put("{\"engine\": {\"adapter\": \"webhook\", \"settings\": {\"url\": \"https://e.example.com\","
                + " \"signing_secret_arn\": \"hunter2\"}}}", "engine.settings.signing_secret_arn");
        patches.put("{\"engine\": {\"adapter\": \"dify\", \"settings\": {\"app_id\": \"x\"}}}",
                "engine.settings.console_url");
        patches.forEach((body, field) -> cases.add(json("patch " + body, "PATCH", env, body, Set.of(field))));
        Map<String, String> creates = new LinkedHashMap<>();
        creates.put("{\"engine\": " + ENGINE + "}", "name");
        creates.put("{\"name\": \"stage\"}", "engine");
        creates.put("{\"name\": \"Stage\", \"engine\": " + ENGINE + "}", "name");
        creates.put("{\"name\": 7, \"engine\": " + ENGINE + "}", "name");
        creates.put("{\"name\": \"stage\", \"engine\": {\"name\": \"x\"}}", "engine.version");
        creates.put("{\"name\": \"stage\", \"engine\": " + ENGINE + ", \"live_version\": \"v1.0.0\"}",
                "live_version");
        creates.forEach((body, field) -> cases.add(json("create " + body, "POST", "/workflows/" + WF
                + "/environments", body, Set.of(field))));
        Map<String, String> starts = new LinkedHashMap<>();
        starts.put("{}", "target_version");
        starts.put("{\"target_version\": 5}", "target_version");
        starts.put("{\"target_version\": \"\"}", "target_version");
        starts.put("{\"target_version\": \"yesterday\"}", "target_version");
        starts.put("{\"target_version\": \"v1.0.0\", \"force\": \"yes\"}", "force");
        starts.put("{\"target_version\": \"v1.0.0\", \"dry_run\": 1}", "dry_run");
        starts.put("{\"target_version\": \"v1.0.0\", \"reason\": [\"a\"]}", "reason");
        starts.put("{\"target_version\": \"v1.0.0\", \"reason\": \"" + "r".repeat(1025) + "\"}", "reason");
        starts.put("{\"target_version\": \"v1.0.0\", \"trigger\": \"alarm\"}", "trigger");
        starts.put("{\"target_version\": \"v1.0.0\", \"workflow_id\": \"other\"}", "workflow_id");
        starts.put("{\"target_version\": \"v1.0.0\", \"environment\": \"other\"}", "environment");
        starts.forEach((body, field) -> cases.add(json("start " + body, "POST", env + "/rollbacks", body,
                Set.of(field))));
        // Alarm mappings, holds and automation: the fields each takes, and what is not there to remove.
        Map<String, String> mappings = new LinkedHashMap<>();
        mappings.put("{}", "alarm_name");
        mappings.put("{\"alarm_name\": \"\"}", "alarm_name");
        mappings.put("{\"alarm_name\": 5}", "alarm_name");
        mappings.put("{\"alarm_name\": \"" + "a".repeat(256) + "\"}", "alarm_name");
        mappings.put("{\"alarm_name\": \"a\\u0001b\"}", "alarm_name");
        mappings.put("{\"alarm_name\": \"a\", \"on_insufficient_data\": \"ACT\"}", "on_insufficient_data");
        mappings.put("{\"alarm_name\": \"a\", \"on_insufficient_data\": \"ignore\"}", "on_insufficient_data");
        mappings.put("{\"alarm_name\": \"a\", \"max_age_seconds\": 59}", "max_age_seconds");
        mappings.put("{\"alarm_name\": \"a\", \"max_age_seconds\": 86401}", "max_age_seconds");
        mappings.put("{\"alarm_name\": \"a\", \"max_age_seconds\": \"600\"}", "max_age_seconds");
        mappings.put("{\"alarm_name\": \"a\", \"max_age_seconds\": 60.5}", "max_age_seconds");
        mappings.put("{\"alarm_name\": \"a\", \"blame_preexisting_alarm\": \"yes\"}", "blame_preexisting_alarm");
        mappings.put("{\"alarm_name\": \"a\", \"environment\": \"staging\"}", "environment");
        mappings.put("{\"alarm_name\": \"a\", \"created_by\": \"mallory\"}", "created_by");
        mappings.forEach((body, field) -> cases.add(json("map " + body, "POST", env + "/alarms", body,
                Set.of(field))));
        cases.add(json("map to an environment that does not exist", "POST", "/workflows/" + WF
                + "/environments/staging/alarms", "{\"alarm_name\": \"a\"}", Set.of("environment")));
        for (String alarm : List.of("not-mapped", "a%00b", "a".repeat(256))) {
            cases.add(bare("unmap " + alarm, "DELETE", env + "/alarms/" + alarm, "alarm_name"));
        }
        Map<String, String> holds = new LinkedHashMap<>();
        holds.put("{}", "version");
        holds.put("{\"version\": 1}", "version");
        holds.put("{\"version\": \"1.0\"}", "version");
        holds.put("{\"version\": \"latest\"}", "version");
        holds.put("{\"version\": \"v9.9.9\"}", "version");
        holds.put("{\"version\": \"v1.0.0\", \"reason\": 5}", "reason");
        holds.put("{\"version\": \"v1.0.0\", \"reason\": \"" + "r".repeat(1025) + "\"}", "reason");
        holds.put("{\"version\": \"v1.0.0\", \"held_by\": \"mallory\"}", "held_by");
        holds.forEach((body, field) -> cases.add(json("hold " + body, "POST", env + "/holds", body, Set.of(field))));
        cases.add(json("hold in an environment that does not exist", "POST", "/workflows/" + WF
                + "/environments/staging/holds", "{\"version\": \"v1.0.0\"}", Set.of("environment")));
        for (String version : List.of("v1.0.0", "1.0", "..", "%2e%2e", "v9.9.9")) {
            cases.add(bare("lift " + version, "DELETE", env + "/holds/" + version, "version"));
        }
        for (String read : List.of("/alarms", "/holds", "/automation/freeze")) {
            cases.add(bare("environment that does not exist " + read, read.contains("freeze") ? "DELETE" : "GET",
                    "/workflows/" + WF + "/environments/staging" + read, "environment"));
        }
        cases.add(bare("unfreeze what is not frozen", "DELETE", env + "/automation/freeze", "environment"));
        Map<String, String> policies = new LinkedHashMap<>();
        policies.put("{}", "cooldown_seconds");
        policies.put("{\"cooldown_seconds\": 900}", "max_rollbacks_per_hour");
        policies.put("{\"max_rollbacks_per_hour\": 3}", "cooldown_seconds");
        policies.put("{\"cooldown_seconds\": -1, \"max_rollbacks_per_hour\": 3}", "cooldown_seconds");
        policies.put("{\"cooldown_seconds\": 86401, \"max_rollbacks_per_hour\": 3}", "cooldown_seconds");
        policies.put("{\"cooldown_seconds\": \"900\", \"max_rollbacks_per_hour\": 3}", "cooldown_seconds");
        policies.put("{\"cooldown_seconds\": 900, \"max_rollbacks_per_hour\": 0}", "max_rollbacks_per_hour");
        policies.put("{\"cooldown_seconds\": 900, \"max_rollbacks_per_hour\": 61}", "max_rollbacks_per_hour");
        policies.put("{\"cooldown_seconds\": 900, \"max_rollbacks_per_hour\": 2.5}", "max_rollbacks_per_hour");
        policies.put("{\"cooldown_seconds\": 900, \"max_rollbacks_per_hour\": 3, \"frozen\": false}", "frozen");
        policies.forEach((body, field) -> cases.add(json("policy " + body, "PUT", env + "/automation/policy", body,
                Set.of(field))));
        cases.add(json("policy of an environment that does not exist", "PUT", "/workflows/" + WF
                + "/environments/staging/automation/policy", "{\"cooldown_seconds\": 900, \"max_rollbacks_per_hour\":"
                + " 3}", Set.of("environment")));
        Map<String, String> offers = new LinkedHashMap<>();
        offers.put("{\"size_bytes\": 0}", "size_bytes");
        offers.put("{\"size_bytes\": 10485761}", "size_bytes");
        offers.put("{\"size_bytes\": \"100\"}", "size_bytes");
        offers.put("{\"size_bytes\": 1.5}", "size_bytes");
        offers.put("{\"sha256\": \"ABC\"}", "sha256");
        offers.put("{\"sha256\": \"" + "A".repeat(64) + "\"}", "sha256");
        offers.put("{\"summary\": \"" + "s".repeat(2049) + "\"}", "summary");
        offers.put("{\"allow_duplicate\": \"true\"}", "allow_duplicate");
        offers.put("{\"author\": \"mallory\"}", "author");
        offers.forEach((body, field) -> cases.add(json("offer " + body, "POST", "/workflows/" + WF + "/uploads", body,
                Set.of(field))));

        // Wrong content types, on every route with a body; a body where none belongs.
        for (Valid v : bodyRoutes) {
            for (String type : List.of("text/plain", "application/xml", "multipart/form-data; boundary=x",
                    "application/x-www-form-urlencoded", "")) {
                cases.add(new Case("content type '" + type + "'", v.method(), v.path(), type.isEmpty() ? null : type,
                        bytes(v.body()), Map.of(), Set.of("Content-Type")));
            }
            cases.add(new Case("no body", v.method(), v.path(), v.contentType(), null, Map.of(), Set.of("body")));
        }
        for (Valid v : valid) {
            if (v.contentType() == null) {
                cases.add(new Case("unexpected body", v.method(), v.path(), "application/json", bytes("{}"), Map.of(),
                        Set.of("body")));
            }
        }
        // Oversized definitions: over the inline limit (the function) and over API Gateway's (the gateway).
        cases.add(new Case("definition over 4 MiB", "POST", "/workflows/" + WF + "/versions", "application/json",
                ApiFixture.definitionOfSize(4 * 1024 * 1024 + 1, "big"), Map.of(), Set.of("body")));
        cases.add(new Case("body over 10 MB", "POST", "/workflows/" + WF + "/versions", "application/json",
                ApiFixture.definitionOfSize(LocalApiServer.GATEWAY_PAYLOAD_MAX + 1, "bigger"), Map.of(),
                Set.of("body")));
        // Definitions that break the definition rules, published inline.
        cases.add(new Case("definition not JSON", "POST", "/workflows/" + WF + "/versions", "application/json",
                bytes("{\"schemaVersion\": "), Map.of(), null));
        cases.add(new Case("definition with a duplicate key", "POST", "/workflows/" + WF + "/versions",
                "application/json", bytes(DEFINITION.replace("\"schemaVersion\": \"1.0\",",
                "\"schemaVersion\": \"1.0\", \"schemaVersion\": \"1.0\",")), Map.of(), null));
        cases.add(new Case("definition without nodes", "POST", "/workflows/" + WF + "/versions", "application/json",
                bytes("{\"schemaVersion\": \"1.0\", \"engine\": {\"name\": \"e\", \"version\": \"^1.0.0\"},"
                        + " \"nodes\": [], \"edges\": []}"), Map.of(), null));
        cases.add(new Case("yaml that is not a Dify export", "POST", "/workflows/" + WF + "/versions",
                "application/yaml", bytes("kind: nothing\n"), Map.of(), null));

        // Wrong methods on every resource, and unknown paths.
        Map<String, List<String>> allowed = new TreeMap<>();
        for (Valid v : valid) {
            allowed.computeIfAbsent(v.path().split("\\?")[0], p -> new ArrayList<>()).add(v.method());
        }
        allowed.forEach((path, methods) -> {
            for (String method : List.of("GET", "POST", "PUT", "DELETE", "PATCH")) {
                if (!methods.contains(method)) {
                    cases.add(new Case("method " + method, method, path, null, null, Map.of(), Set.of("method")));
                }
            }
        });
        for (String path : List.of("/", "/workflows", "/workflows/" + WF, "/workflows/" + WF + "/versions/",
                "/workflows/" + WF + "/environments/prod/holdings",
                "/workflows/" + WF + "/environments/prod/automation", "/admin",
                "/workflows/" + WF + "/versions/v1.0.0/extra")) {
            cases.add(new Case("unknown path " + path, "GET", path, null, null, Map.of(), Set.of("path")));
        }

        // Query parameters: unknown, repeated, malformed.
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("/workflows/" + WF + "/versions?limit=0", "limit");
        queries.put("/workflows/" + WF + "/versions?limit=101", "limit");
        queries.put("/workflows/" + WF + "/versions?limit=ten", "limit");
        queries.put("/workflows/" + WF + "/versions?limit=-1", "limit");
        queries.put("/workflows/" + WF + "/versions?limit=1&limit=2", "limit");
        queries.put("/workflows/" + WF + "/versions?cursor=not-a-cursor", "cursor");
        queries.put("/workflows/" + WF + "/versions?cursor=" + "c".repeat(1100), "cursor");
        queries.put("/workflows/" + WF + "/versions?page=2", "page");
        queries.put("/workflows/" + WF + "/versions/v1.0.0?include=everything", "include");
        queries.put("/workflows/" + WF + "/versions/v1.0.0?with=definition", "with");
        queries.put("/workflows/" + WF + "/diff?from=v1.0.0", "to");
        queries.put("/workflows/" + WF + "/diff?to=v1.0.0", "from");
        queries.put("/workflows/" + WF + "/diff?from=v1.0.0&to=v1.0.0&from=v1.0.0", "from");
        queries.put("/workflows/" + WF + "/environments/prod?verbose=true", "verbose");
        queries.forEach((path, field) -> cases.add(new Case("query " + path, "GET", path, null, null, Map.of(),
                Set.of(field))));
        for (String flag : List.of("yes", "1", "TRUE", "")) {
            cases.add(new Case("allow_duplicate=" + flag, "POST", "/workflows/" + WF + "/versions?allow_duplicate="
                    + flag, "application/json", bytes(DEFINITION), Map.of(), Set.of("allow_duplicate")));
        }
        cases.add(new Case("summary too long", "POST", "/workflows/" + WF + "/versions?summary=" + "s".repeat(2049),
                "application/json", bytes(DEFINITION), Map.of(), Set.of("summary")));
        cases.add(new Case("query on a route that takes none", "POST", env + "/rollbacks?force=true",
                "application/json", bytes("{\"target_version\": \"v1.0.0\"}"), Map.of(), Set.of("force")));
        // Accept headers nothing answers.
        for (Valid v : valid.subList(0, 4)) {
            for (String accept : List.of("application/xml", "text/html", "image/*")) {
                cases.add(new Case("Accept " + accept, v.method(), v.path(), v.contentType(), bytes(v.body()),
                        Map.of("Accept", accept), Set.of("Accept")));
            }
        }

        // Combinations: two faults at once; the refusal names one of them.
        for (Valid v : jsonRoutes) {
            cases.add(new Case("bad workflow and malformed body", v.method(), v.withWorkflow(".."),
                    "application/json", bytes("{"), Map.of(), Set.of("workflow_id", "body")));
            cases.add(new Case("bad workflow and wrong content type", v.method(), v.withWorkflow("-x"), "text/plain",
                    bytes(v.body()), Map.of(), Set.of("workflow_id", "Content-Type")));
            cases.add(new Case("unknown query and duplicate key", v.method(), v.path() + "?x=1", "application/json",
                    bytes("{\"a\": 1, \"a\": 2}"), Map.of(), Set.of("x", "body")));
        }
        cases.add(json("two unknown fields and a bad target", "POST", env + "/rollbacks",
                "{\"target_version\": 5, \"when\": \"now\", \"who\": \"me\"}",
                Set.of("when", "who", "target_version")));
        cases.add(json("bad name and bad engine", "POST", "/workflows/" + WF + "/environments",
                "{\"name\": \"X\", \"engine\": {\"name\": \"\", \"version\": \"x\"}}", Set.of("name", "engine.name",
                        "engine.version")));
        cases.add(new Case("bad environment and bad rollback id", "GET", "/workflows/" + WF
                + "/environments/..%2F/rollbacks/..", null, null, Map.of(), Set.of("environment", "rollback_id")));
        return cases;
    }

    private static Case of(String name, String method, String path, Valid v, Set<String> fields) {
        return new Case(name, method, path, v.contentType(), bytes(v.body()), Map.of(), fields);
    }

    /** A request with no body whose refusal must name {@code field}. */
    private static Case bare(String name, String method, String path, String field) {
        return new Case(name, method, path, null, null, Map.of(), Set.of(field));
    }

    private static Case json(String name, String method, String path, String body, Set<String> fields) {
        return new Case(name, method, path, "application/json", bytes(body), Map.of(), fields);
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyBadRequestIsA4xxNamingTheFieldAndNothingIsWritten() {
        List<Case> corpus = corpus();
        assertTrue(corpus.size() >= 300, "the corpus has " + corpus.size() + " requests");
        int items = items();
        int objects = objects();
        List<String> wrong = new ArrayList<>();
        int fiveHundreds = 0;
        for (Case c : corpus) {
            Answer answer = stack.call(c.method(), c.path(), c.contentType(), c.body(), c.headers());
            if (answer.status() >= 500) {
                fiveHundreds++;
            }
            String field;
            try {
                field = answer.field();
            } catch (AssertionError notJson) {
                wrong.add(c + " -> not the error model: " + answer);
                continue;
            }
            boolean fieldOk = field != null && !field.isEmpty() && (c.fields() == null || c.fields().contains(field));
            if (answer.status() < 400 || answer.status() > 499 || !fieldOk || answer.code() == null
                    || answer.json().path("error").path("message").asText("").isEmpty()) {
                wrong.add(c + " -> " + answer.status() + " " + (answer.body().length() > 300
                        ? answer.body().substring(0, 300) : answer.body()) + " (expected a 4xx naming "
                        + c.fields() + ")");
            }
        }
        assertEquals(0, fiveHundreds, "5xx answers");
        assertTrue(wrong.isEmpty(), wrong.size() + " of " + corpus.size() + " wrong:\n" + String.join("\n", wrong));
        assertEquals(items, items(), "nothing was written to the table");
        assertEquals(objects, objects(), "nothing was written to the bucket");
    }

    private static int items() {
        return stack.storage.dynamo().scan(b -> b.tableName(LocalStorage.TABLE).select("COUNT")).count();
    }

    private static int objects() {
        return stack.storage.s3().listObjectsV2(b -> b.bucket(LocalStorage.BUCKET)).keyCount();
    }
}
