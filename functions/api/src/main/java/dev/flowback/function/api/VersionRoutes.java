package dev.flowback.function.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowback.core.definition.ContentHash;
import dev.flowback.core.diff.DefinitionDiff;
import dev.flowback.core.diff.DiffText;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.error.MessageBounds;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.DefinitionUploads;
import dev.flowback.core.registry.HistoryPage;
import dev.flowback.core.registry.PublishRequest;
import dev.flowback.core.registry.PublishResult;
import dev.flowback.core.registry.UploadPublishing;
import dev.flowback.core.registry.UploadPublishing.Published;
import dev.flowback.core.registry.UploadPublishing.UploadOffer;
import dev.flowback.core.registry.UploadPublishing.UploadRequest;
import dev.flowback.core.registry.VerifiedDefinition;
import dev.flowback.core.registry.VersionRecord;
import dev.flowback.core.registry.VersionRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** Versions: publish (in one request, or through an upload), list, get, diff. Each a thin call into the registry. */
final class VersionRoutes {
    /** A definition answered inline at most this large; larger ones are answered as a download URL. */
    static final int INLINE_ANSWER_MAX = 4 * 1024 * 1024;
    static final Duration DOWNLOAD_WINDOW = Duration.ofMinutes(15);
    private static final int DEFAULT_PAGE = 20;
    private static final Set<String> UPLOAD_FIELDS = Set.of("version", "summary", "size_bytes", "sha256",
            "allow_duplicate", "allow_plaintext_credentials");

    private final VersionRegistry registry;
    private final UploadPublishing uploads;
    private final DefinitionUploads transfers;

    VersionRoutes(ApiWiring wiring) {
        this.registry = wiring.stores().registry();
        this.transfers = wiring.stores().uploads();
        this.uploads = new UploadPublishing(registry, transfers, wiring.stores().uploadLedger(), wiring.clock());
    }

    APIGatewayProxyResponseEvent list(ApiRequest request) {
        WorkflowId workflow = Ids.workflow(request);
        String limitText = request.queryParameter("limit");
        int limit = DEFAULT_PAGE;
        if (limitText != null) {
            if (!limitText.matches("[0-9]{1,3}")) {
                throw new InvalidInputException("query.syntax", "limit", "limit must be a whole number from 1 to "
                        + VersionRegistry.MAX_PAGE + ", was \"" + MessageBounds.printable(limitText) + "\"");
            }
            limit = Integer.parseInt(limitText);
        }
        String cursor = request.queryParameter("cursor");
        if (cursor != null && cursor.length() > 1024) {
            throw new InvalidInputException("cursor.invalid", "cursor", "cursor is not one a page handed out");
        }
        HistoryPage page = registry.history(workflow, limit, cursor);
        ObjectNode body = ApiJson.object();
        ArrayNode list = body.putArray("versions");
        page.versions().forEach(v -> list.add(Views.version(v)));
        body.put("next_cursor", page.nextCursor());
        return ApiResponse.json(200, body);
    }

    APIGatewayProxyResponseEvent publish(ApiRequest request, String caller) {
        WorkflowId workflow = Ids.workflow(request);
        String versionText = request.queryParameter("version");
        VersionId version = versionText == null ? null : Ids.version("version", versionText);
        PublishRequest publish = new PublishRequest(workflow, version, request.body(), caller,
                request.queryParameter("summary"), null, Ids.flag(request, "allow_duplicate"),
                Ids.flag(request, "allow_plaintext_credentials"));
        PublishResult result = registry.publish(publish);
        ObjectNode body = Views.version(result.version()).put("snapshot_reused", result.snapshotReused());
        return ApiResponse.json(201, body, Map.of("Location", versionPath(result.version())));
    }

    APIGatewayProxyResponseEvent get(ApiRequest request) {
        WorkflowId workflow = Ids.workflow(request);
        VersionId version = Ids.version("version_id", request.pathParameter("version_id"));
        String include = request.queryParameter("include");
        if (include != null && !include.equals("definition")) {
            throw new InvalidInputException("query.syntax", "include", "include may only be \"definition\"");
        }
        VersionRecord record = registry.get(workflow, version);
        ObjectNode body = Views.version(record);
        if (include != null) {
            if (record.sizeBytes() <= INLINE_ANSWER_MAX) {
                VerifiedDefinition definition = registry.read(record);
                body.put("definition", new String(definition.bytes(), StandardCharsets.UTF_8));
            } else {
                body.put("definition_url", transfers.download(record.snapshotKey(), DOWNLOAD_WINDOW).toString());
                body.put("definition_note", "the definition is larger than " + INLINE_ANSWER_MAX + " bytes: GET"
                        + " definition_url within " + DOWNLOAD_WINDOW.toMinutes() + " minutes and check that the"
                        + " bytes hash to sha256");
            }
        }
        return ApiResponse.json(200, body);
    }

    APIGatewayProxyResponseEvent diff(ApiRequest request, String form) {
        WorkflowId workflow = Ids.workflow(request);
        VersionId from = required(request, "from");
        VersionId to = required(request, "to");
        registry.find(workflow, from).orElseThrow(() -> missing(workflow, "from", from));
        registry.find(workflow, to).orElseThrow(() -> missing(workflow, "to", to));
        DefinitionDiff diff = registry.diff(workflow, from, to);
        if (form.equals("text")) {
            return ApiResponse.of(200, ApiResponse.TEXT, DiffText.text(diff), Map.of());
        }
        return ApiResponse.of(200, ApiResponse.JSON, DiffText.json(diff), Map.of());
    }

    APIGatewayProxyResponseEvent offerUpload(ApiRequest request, String caller) {
        WorkflowId workflow = Ids.workflow(request);
        ObjectNode body = ApiJson.readObject(request.body());
        ApiJson.refuseUnknown(body, "", UPLOAD_FIELDS);
        String versionText = ApiJson.optionalText(body, "", "version");
        String sha = ApiJson.optionalText(body, "", "sha256");
        if (sha != null && !ContentHash.isWellFormed(sha)) {
            throw new InvalidInputException("field.syntax", "sha256", "sha256 must be 64 lower-case hex digits");
        }
        Long size = ApiJson.optionalWhole(body, "", "size_bytes", 1, Long.MAX_VALUE);
        UploadOffer offer = uploads.offer(new UploadRequest(workflow,
                versionText == null ? null : Ids.version("version", versionText),
                ApiJson.optionalText(body, "", "summary"), caller, sha == null ? null : new ContentHash(sha),
                size == null ? -1 : size, Boolean.TRUE.equals(ApiJson.optionalFlag(body, "", "allow_duplicate")),
                Boolean.TRUE.equals(ApiJson.optionalFlag(body, "", "allow_plaintext_credentials"))));
        ObjectNode answer = ApiJson.object()
                .put("upload_id", offer.upload().uploadId())
                .put("upload_url", offer.url().url().toString())
                .put("method", "PUT");
        ObjectNode headers = answer.putObject("headers");
        offer.url().headers().forEach(headers::put);
        answer.put("expires_at", offer.upload().expiresAt().toString())
                .put("publish_path", "/workflows/" + workflow + "/uploads/" + offer.upload().uploadId() + "/publish");
        return ApiResponse.json(201, answer);
    }

    APIGatewayProxyResponseEvent publishUpload(ApiRequest request) {
        WorkflowId workflow = Ids.workflow(request);
        Published published = uploads.publish(workflow, request.pathParameter("upload_id"));
        return ApiResponse.json(published.newlyPublished() ? 201 : 200, Views.version(published.version()),
                Map.of("Location", versionPath(published.version())));
    }

    private static VersionId required(ApiRequest request, String name) {
        String text = request.queryParameter(name);
        if (text == null) {
            throw new InvalidInputException("query.missing", name, name + " is required: the version id to diff "
                    + name);
        }
        return Ids.version(name, text);
    }

    private static dev.flowback.core.error.NotFoundException missing(WorkflowId workflow, String field,
                                                                   VersionId version) {
        return new dev.flowback.core.error.NotFoundException(field + " \"" + version + "\": workflow " + workflow
                + " has no such version");
    }

    private static String versionPath(VersionRecord version) {
        return "/workflows/" + version.workflowId() + "/versions/" + version.versionId();
    }
}
