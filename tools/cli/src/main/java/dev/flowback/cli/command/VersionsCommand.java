package dev.flowback.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowback.cli.CliFailure;
import dev.flowback.cli.CliSettings;
import dev.flowback.cli.Exit;
import dev.flowback.cli.api.ApiAnswer;
import dev.flowback.cli.api.ApiClient;
import dev.flowback.cli.output.DiffView;
import dev.flowback.cli.output.Table;
import dev.flowback.core.definition.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code flowback versions list | show | diff | publish}: a workflow's immutable versions. */
@Command(name = "versions", description = "List, show, diff and publish a workflow's versions.",
        subcommands = {VersionsCommand.ListVersions.class, VersionsCommand.Show.class, VersionsCommand.Diff.class,
                VersionsCommand.Publish.class})
final class VersionsCommand {

    @Command(name = "list", description = "The workflow's versions, newest first.")
    static final class ListVersions extends ApiCommand {
        @Parameters(index = "0", paramLabel = "WORKFLOW")
        String workflow;

        @Option(names = "--limit", defaultValue = "20", description = "how many (1 to 100; default 20)")
        int limit;

        @Option(names = "--cursor", description = "the next page: the cursor the previous page printed")
        String cursor;

        ListVersions(CliSettings settings) {
            super(settings);
        }

        @Override
        public Integer call() {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("limit", Integer.toString(limit));
            if (cursor != null) {
                query.put("cursor", cursor);
            }
            ApiAnswer answer = require(api().get(ApiClient.path("workflows", workflow, "versions"), query), workflow,
                    null);
            JsonNode page = answer.json();
            if (json()) {
                printJson(answer);
            } else {
                Table table = new Table("VERSION", "SEQ", "STATUS", "CREATED", "AUTHOR", "SHA256", "SUMMARY");
                for (JsonNode v : page.path("versions")) {
                    table.row(text(v, "version_id"), text(v, "sequence"),
                            new Table.Painted(text(v, "status"), style()::status), text(v, "created_at"),
                            text(v, "author"), text(v, "sha256").substring(0, Math.min(12, text(v, "sha256").length())),
                            text(v, "summary"));
                }
                if (!table.isEmpty()) {
                    table.print(out(), style());
                }
                if (page.hasNonNull("next_cursor")) {
                    out().println("more: flowback versions list " + workflow + " --cursor "
                            + page.get("next_cursor").asText() + " " + api().target().flags());
                }
            }
            if (page.path("versions").isEmpty() && cursor == null) {
                throw new CliFailure(Exit.NOT_FOUND, "workflow " + workflow + " has no versions (unknown workflow?)",
                        "check the workflow id, or publish its first version with flowback versions publish "
                                + workflow + " FILE " + api().target().flags());
            }
            return Exit.OK.code();
        }
    }

    @Command(name = "show", description = "One version's metadata; with --definition its definition's bytes.")
    static final class Show extends ApiCommand {
        @Parameters(index = "0", paramLabel = "WORKFLOW")
        String workflow;

        @Parameters(index = "1", paramLabel = "VERSION")
        String version;

        @Option(names = "--definition", description = "print the definition itself (as published)")
        boolean definition;

        Show(CliSettings settings) {
            super(settings);
        }

        @Override
        public Integer call() {
            ApiAnswer answer = require(api().get(ApiClient.path("workflows", workflow, "versions", version),
                    definition ? Map.of("include", "definition") : Map.of()), workflow, null);
            if (json()) {
                return printJson(answer);
            }
            JsonNode v = answer.json();
            if (definition) {
                if (v.hasNonNull("definition")) {
                    out().print(v.get("definition").asText());
                } else {
                    out().println("too large to inline; fetch it (valid 15 minutes): " + text(v, "definition_url"));
                }
                return Exit.OK.code();
            }
            for (String field : new String[] {"workflow_id", "version_id", "sequence", "format", "size_bytes",
                "sha256", "fingerprint", "author", "created_at", "parent_version", "summary"}) {
                line(field, text(v, field));
            }
            line("status", style().status(text(v, "status")));
            v.path("notes").forEach(note -> line("note", note.asText()));
            return Exit.OK.code();
        }
    }

    @Command(name = "diff", description = "What changed from one version to another (coloured on a terminal).")
    static final class Diff extends ApiCommand {
        @Parameters(index = "0", paramLabel = "WORKFLOW")
        String workflow;

        @Parameters(index = "1", paramLabel = "FROM")
        String from;

        @Parameters(index = "2", paramLabel = "TO")
        String to;

        Diff(CliSettings settings) {
            super(settings);
        }

        @Override
        public Integer call() {
            ApiAnswer answer = require(api().send("GET", ApiClient.path("workflows", workflow, "diff"),
                    Map.of("from", from, "to", to), null, json() ? "application/json" : "text/plain", null),
                    workflow, null);
            if (json()) {
                return printJson(answer);
            }
            DiffView.print(out(), style(), answer.body());
            return Exit.OK.code();
        }
    }

    @Command(name = "publish", description = "Publish a file (Flowback JSON or a Dify export) as a new version.")
    static final class Publish extends ApiCommand {
        /** What one API request may carry; larger definitions go through an upload (up to 10 MiB). */
        static final int INLINE_MAX = 4 * 1024 * 1024;
        private static final HttpClient UPLOADS = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .build();

        @Parameters(index = "0", paramLabel = "WORKFLOW")
        String workflow;

        @Parameters(index = "1", paramLabel = "FILE")
        Path file;

        @Option(names = "--version", description = "the version id (e.g. v1.4.2); assigned (v17) when absent")
        String version;

        @Option(names = "--summary", description = "what changed, in a sentence")
        String summary;

        @Option(names = "--allow-duplicate", description = "publish content identical to an existing version")
        boolean allowDuplicate;

        @Option(names = "--allow-plaintext-credentials",
                description = "store a definition that holds a credential in plain text (noted on the version)")
        boolean allowPlaintextCredentials;

        Publish(CliSettings settings) {
            super(settings);
        }

        @Override
        public Integer call() {
            byte[] bytes = read(file);
            ApiAnswer answer = bytes.length <= INLINE_MAX ? inline(bytes) : upload(bytes);
            answer = require(answer, workflow, null);
            if (json()) {
                return printJson(answer);
            }
            JsonNode v = answer.json();
            out().printf("published %s/%s (seq %s, %s bytes, format %s, sha256 %s)%n", text(v, "workflow_id"),
                    text(v, "version_id"), text(v, "sequence"), text(v, "size_bytes"), text(v, "format"),
                    text(v, "sha256"));
            v.path("notes").forEach(note -> out().println("  note: " + note.asText()));
            return Exit.OK.code();
        }

        private ApiAnswer inline(byte[] bytes) {
            Map<String, String> query = new LinkedHashMap<>();
            if (version != null) {
                query.put("version", version);
            }
            if (summary != null) {
                query.put("summary", summary);
            }
            if (allowDuplicate) {
                query.put("allow_duplicate", "true");
            }
            if (allowPlaintextCredentials) {
                query.put("allow_plaintext_credentials", "true");
            }
            return api().send("POST", ApiClient.path("workflows", workflow, "versions"), query, contentType(bytes),
                    "application/json", bytes);
        }

        /** Offer, PUT the bytes to the presigned URL the offer names, then publish them (the API checks the hash). */
        private ApiAnswer upload(byte[] bytes) {
            ObjectNode offerRequest = Json.MAPPER.createObjectNode().put("size_bytes", bytes.length)
                    .put("sha256", sha256(bytes)).put("allow_duplicate", allowDuplicate)
                    .put("allow_plaintext_credentials", allowPlaintextCredentials);
            if (version != null) {
                offerRequest.put("version", version);
            }
            if (summary != null) {
                offerRequest.put("summary", summary);
            }
            JsonNode offer = require(api().postJson(ApiClient.path("workflows", workflow, "uploads"),
                    offerRequest.toString()), workflow, null).json();
            HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(offer.path("upload_url").asText()))
                    .timeout(Duration.ofMinutes(5)).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
            offer.path("headers").fields().forEachRemaining(h -> {
                if (!h.getKey().equalsIgnoreCase("Host") && !h.getKey().equalsIgnoreCase("Content-Length")) {
                    put.header(h.getKey(), h.getValue().asText());
                }
            });
            try {
                HttpResponse<String> stored = UPLOADS.send(put.build(), HttpResponse.BodyHandlers.ofString());
                if (stored.statusCode() / 100 != 2) {
                    throw new CliFailure(Exit.FAILED, "the upload of " + file + " was refused by storage ("
                            + stored.statusCode() + "): " + stored.body(), "run the command again (a new upload"
                            + " offer is made each time)");
                }
            } catch (IOException e) {
                throw new CliFailure(Exit.UNREACHABLE, "cannot upload " + file + " to the upload URL ("
                        + e.getMessage() + ")", "check your network and run the command again", null, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliFailure(Exit.INTERRUPTED, "interrupted while uploading " + file,
                        "run the command again", null, e);
            }
            String publishPath = offer.path("publish_path").asText(ApiClient.path("workflows", workflow, "uploads",
                    offer.path("upload_id").asText(), "publish"));
            return api().send("POST", publishPath, Map.of(), null, "application/json", null);
        }

        /** JSON when the file says so (by its name, else by its first character); YAML otherwise. */
        private String contentType(byte[] bytes) {
            String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            if (name.endsWith(".json")) {
                return "application/json";
            }
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                return "application/yaml";
            }
            String start = new String(bytes, 0, Math.min(bytes.length, 64), java.nio.charset.StandardCharsets.UTF_8)
                    .stripLeading();
            return start.startsWith("{") ? "application/json" : "application/yaml";
        }

        private static byte[] read(Path file) {
            if (!Files.isRegularFile(file)) {
                throw new CliFailure(Exit.USAGE, "no such file: " + file, "name the definition file to publish"
                        + " (Flowback JSON or a Dify export)");
            }
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new CliFailure(Exit.USAGE, "cannot read " + file + ": " + e.getMessage(),
                        "check the file's permissions", null, e);
            }
        }

        private static String sha256(byte[] bytes) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JVM has SHA-256", e);
            }
        }
    }
}
