package dev.flowback.engine.dify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowback.core.chain.model.EngineBinding;
import dev.flowback.core.chain.port.EngineControl;
import dev.flowback.core.definition.ContentHash;
import dev.flowback.core.definition.Json;
import dev.flowback.core.definition.dify.DifyDslFormat;
import dev.flowback.core.error.EngineRefusedException;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.registry.VerifiedDefinition;
import dev.flowback.secrets.SecretStore;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine port over a Dify app, through Dify's console API (see {@link DifyConsole} for authentication and how
 * answers map to errors). What each operation means in Dify, and why:
 *
 * <ul>
 * <li><b>close admission</b>: switches off the app's service API ({@code POST /console/api/apps/{id}/api-enable}
 *   {@code {"enable_api": false}}) and its web app ({@code .../site-enable} {@code {"enable_site": false}}), the
 *   channels the binding lists (api/controllers/console/app/app.py AppApiStatus, AppSiteStatus). Dify checks them per
 *   request, before a run starts (api/controllers/service_api/wraps.py validate_app_token: "The app's API service has
 *   been disabled."; api/controllers/web/wraps.py), never during a run: callers are refused while the switch
 *   happens, runs already going finish. Dify pins each run to the workflow row it started on (AppGenerateService
 *   resolves {@code app.workflow_id} once; every publish inserts a new row, api/services/workflow_service.py
 *   publish_workflow), so a drain is not needed for a run's correctness; closing makes the drain end (a count under
 *   open traffic need never reach zero) and puts the switch at a moment when nothing runs, so verification sees only
 *   runs of the target. Reopening switches the listed channels back on: list only channels the app serves.</li>
 * <li><b>count in flight</b>: {@code GET /console/api/apps/{id}/workflow-runs/count} with
 *   {@code status=running&triggered_from=app-run}, answer {@code running}
 *   (api/controllers/console/app/workflow_run.py). Without {@code triggered_from} Dify counts the debugger's runs,
 *   so it is given. Runs started by triggers (schedule, webhook, plugin) are not counted by this
 *   endpoint in the releases read.</li>
 * <li><b>apply</b>: the target's bytes go to Dify's import into the existing app ({@code POST
 *   /console/api/apps/imports} {@code {"mode": "yaml-content", "yaml_content": ..., "app_id": ...}},
 *   api/controllers/console/app/app_import.py, api/services/app_dsl_service.py import_app). 200 is completed (with or
 *   without warnings); 202 is pending, when Dify wants a confirmation for a DSL version newer than its own or of an
 *   older major, and the import is confirmed ({@code POST /console/api/apps/imports/{import_id}/confirm}); 400 is
 *   failed, a refusal carrying Dify's error (bad YAML, a version that is not a string, unknown app: Dify answers an
 *   unknown {@code app_id} here with 400 "App not found", not 404). The import replaces only the draft, so the draft is
 *   then published ({@code POST /console/api/apps/{id}/workflows/publish}), with {@code marked_name} the version (at
 *   most 20 characters) and {@code marked_comment} {@code flowback <version> sha256:<hex>}, which is how a published
 *   workflow says which Flowback bytes it came from. Publishing always inserts a new workflow row; the app's pointer
 *   moves to it. Finally the published workflow is read back and must carry that mark. A replay finding the target
 *   already published (the same mark) does not import again.</li>
 * <li><b>open admission</b>: the listed channels are switched back on.</li>
 * <li><b>running</b>: {@code GET /console/api/apps/{id}/workflows/publish}, the workflow {@code app.workflow_id}
 *   names (fields of api/fields/workflow_fields.py); its {@code marked_comment} gives the Flowback version and
 *   SHA-256. A workflow published by hand carries no such mark and reads as not a Flowback version, so verify can
 *   tell that what runs is not what the pointer says.</li>
 * </ul>
 * Exported YAML (or the export API's {@code {"data": ...}} envelope, whose YAML is sent) is the only format Dify
 * imports; a Flowback JSON target is refused before anything is sent.
 */
public final class DifyEngine implements EngineControl {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern MARK = Pattern.compile("^flowback (\\S+) sha256:([0-9a-f]{64})$");
    private static final int MAX_MARKED_NAME = 20;
    private static final int MAX_MARKED_COMMENT = 100;

    private final DifyConsole console;

    public DifyEngine(SecretStore secrets, Duration timeout) {
        ObjectMapper json = Json.strict().build();
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.console = new DifyConsole(http, json, secrets, timeout);
    }

    private static EngineBinding.Dify dify(EngineCall call) {
        if (call.engine() instanceof EngineBinding.Dify dify) {
            return dify;
        }
        throw new IllegalArgumentException("the Dify adapter was handed a " + call.engine().adapter() + " binding");
    }

    @Override
    public void closeAdmission(EngineCall call) {
        switchChannels(dify(call), false);
    }

    @Override
    public void openAdmission(EngineCall call) {
        switchChannels(dify(call), true);
    }

    private void switchChannels(EngineBinding.Dify dify, boolean enable) {
        for (EngineBinding.Dify.Channel channel : EngineBinding.Dify.Channel.values()) {
            if (dify.close().contains(channel)) {
                String field = "enable_" + channel.wireName();
                JsonNode app = console.call(dify, (enable ? "enabling" : "disabling") + " the " + channel.wireName()
                        + " of Dify app " + dify.appId(), "POST", "/console/api/apps/" + dify.appId() + "/"
                        + channel.wireName() + "-enable", Map.of(field, enable), 200).body();
                if (app.path(field).isBoolean() && app.path(field).asBoolean() != enable) {
                    throw new EngineRefusedException("Dify app " + dify.appId() + " still has " + field + " = "
                            + !enable + " after Flowback set it to " + enable);
                }
            }
        }
    }

    @Override
    public int countInFlight(EngineCall call) {
        EngineBinding.Dify dify = dify(call);
        JsonNode counts = console.call(dify, "counting running runs of Dify app " + dify.appId(), "GET",
                "/console/api/apps/" + dify.appId() + "/workflow-runs/count?status=running&triggered_from=app-run",
                null, 200).body();
        JsonNode running = counts.has("running") ? counts.path("running") : counts.path("total");
        if (!running.canConvertToInt() || running.asInt() < 0) {
            throw new EngineRefusedException("Dify's run count for app " + dify.appId() + " has no running count: "
                    + DifyConsole.message(counts));
        }
        return running.asInt();
    }

    @Override
    public RunningVersion apply(EngineCall call, VerifiedDefinition target) {
        EngineBinding.Dify dify = dify(call);
        VersionId version = target.version().versionId();
        ContentHash sha = target.version().sha256();
        if (!DifyDslFormat.NAME.equals(target.version().format())) {
            throw new EngineRefusedException(version + " is a " + target.version().format() + " definition; Dify"
                    + " imports only Dify DSL, so it cannot be applied to app " + dify.appId());
        }
        RunningVersion before = running(dify);
        if (sha.equals(before.sha256())) {
            return before;
        }
        importDraft(dify, version, DifyDslFormat.importableYaml(target.bytes()));
        String mark = mark(version, sha);
        Map<String, String> body = new LinkedHashMap<>();
        String name = version.value();
        body.put("marked_name", name.length() > MAX_MARKED_NAME ? name.substring(0, MAX_MARKED_NAME) : name);
        body.put("marked_comment", mark);
        console.call(dify, "publishing " + version + " in Dify app " + dify.appId(), "POST",
                "/console/api/apps/" + dify.appId() + "/workflows/publish", body, 200);
        RunningVersion after = running(dify);
        if (!sha.equals(after.sha256())) {
            throw new EngineRefusedException("Dify app " + dify.appId() + " published, but what it now runs is "
                    + after.label() + ", not " + version + ": another publish may have raced this one");
        }
        return after;
    }

    private void importDraft(EngineBinding.Dify dify, VersionId version, String yaml) {
        String what = "importing " + version + " into Dify app " + dify.appId();
        Map<String, String> body = new LinkedHashMap<>();
        body.put("mode", "yaml-content");
        body.put("yaml_content", yaml);
        body.put("app_id", dify.appId());
        DifyConsole.Answer imported = console.call(dify, what, "POST", "/console/api/apps/imports", body, 200, 202,
                400);
        String status = imported.body().path("status").asText();
        if (imported.status() == 202 && "pending".equals(status)) {
            // Dify asks for a confirmation when the DSL is newer than it is, or of an older major (dsl_version.py).
            String importId = imported.body().path("id").asText();
            imported = console.call(dify, what + " (confirming the pending import " + importId + ")", "POST",
                    "/console/api/apps/imports/" + importId + "/confirm", null, 200, 400);
            status = imported.body().path("status").asText();
        }
        if (imported.status() != 200 || !(status.equals("completed") || status.equals("completed-with-warnings"))) {
            throw new EngineRefusedException(what + ": Dify did not import it (" + imported.status() + " status "
                    + status + "): " + DifyConsole.message(imported.body()));
        }
        if (!dify.appId().equals(imported.body().path("app_id").asText(dify.appId()))) {
            throw new EngineRefusedException(what + ": Dify imported into app " + imported.body().path("app_id")
                    .asText() + " instead");
        }
    }

    @Override
    public RunningVersion running(EngineCall call) {
        return running(dify(call));
    }

    private RunningVersion running(EngineBinding.Dify dify) {
        JsonNode workflow = console.call(dify, "reading what Dify app " + dify.appId() + " has published", "GET",
                "/console/api/apps/" + dify.appId() + "/workflows/publish", null, 200).body();
        // Newer code answers null when nothing is published, marshal-based code an object of nulls.
        if (workflow.isNull() || workflow.path("id").isNull() || workflow.path("id").isMissingNode()) {
            return RunningVersion.unknown("Dify app " + dify.appId() + " has published nothing");
        }
        String id = workflow.path("id").asText();
        Matcher mark = MARK.matcher(workflow.path("marked_comment").asText(""));
        if (!mark.matches()) {
            return RunningVersion.unknown("Dify app " + dify.appId() + " runs workflow " + id + ", not published"
                    + " by Flowback (marked \"" + workflow.path("marked_name").asText("") + "\")");
        }
        VersionId version = versionOrNull(mark.group(1));
        return new RunningVersion(version, new ContentHash(mark.group(2)), "Dify app " + dify.appId()
                + " runs published workflow " + id + " (Dify version " + workflow.path("version").asText("?")
                + ", hash " + workflow.path("hash").asText("?") + ")");
    }

    private static VersionId versionOrNull(String text) {
        try {
            return VersionId.of(text);
        } catch (InvalidInputException e) {
            return null;
        }
    }

    /** What marks a published workflow as Flowback's bytes; the version is left out if it would not fit. */
    static String mark(VersionId version, ContentHash sha) {
        String mark = "flowback " + version + " sha256:" + sha.hex();
        return mark.length() <= MAX_MARKED_COMMENT ? mark : "flowback - sha256:" + sha.hex();
    }
}
