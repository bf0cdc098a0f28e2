package dev.flowback.cli.command;

import static dev.flowback.cli.command.ApiCommand.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowback.cli.CliFailure;
import dev.flowback.cli.CliSettings;
import dev.flowback.cli.Exit;
import dev.flowback.cli.api.ApiAnswer;
import dev.flowback.cli.api.ApiClient;
import dev.flowback.cli.output.Table;
import dev.flowback.core.definition.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flowback env show | create | set}: an environment's settings and what is live in it. */
@Command(name = "env", description = "Show, create and change an environment.",
        subcommands = {EnvCommand.Show.class, EnvCommand.Create.class, EnvCommand.Set.class})
final class EnvCommand {

    /** The settings {@code create} and {@code set} take; only those given are sent. */
    static final class Settings {
        @Option(names = "--engine", paramLabel = "NAME", description = "the workflow engine's name")
        String engine;

        @Option(names = "--engine-version", paramLabel = "VERSION", description = "the engine's version")
        String engineVersion;

        @Option(names = "--alarm", paramLabel = "NAME", description = "a CloudWatch alarm that says the environment is"
                + " unhealthy (repeatable; replaces the list)")
        List<String> alarms;

        @Option(names = "--error-rate", paramLabel = "RATE", description = "error-rate threshold, 0 to 1")
        Double errorRate;

        @Option(names = "--p99-ms", paramLabel = "MS", description = "p99 latency threshold in milliseconds")
        Integer p99Millis;

        @Option(names = "--health-url", paramLabel = "URL", description = "a health endpoint verify asks")
        String healthUrl;

        @Option(names = "--drain-timeout", paramLabel = "SECONDS")
        Integer drainTimeout;

        @Option(names = "--verification-window", paramLabel = "SECONDS")
        Integer verificationWindow;

        @Option(names = "--check-interval", paramLabel = "SECONDS")
        Integer checkInterval;

        @Option(names = "--on-verify-failure", paramLabel = "POLICY",
                description = "HOLD_AND_MARK_BAD or REVERT")
        String onVerifyFailure;

        boolean engineGiven() {
            return engine != null || engineVersion != null;
        }

        boolean healthGiven() {
            return alarms != null || errorRate != null || p99Millis != null || healthUrl != null;
        }

        boolean rolloutGiven() {
            return drainTimeout != null || verificationWindow != null || checkInterval != null
                    || onVerifyFailure != null;
        }

        /** The health section: {@code current}'s (null fields dropped) with the options given over it. */
        ObjectNode health(JsonNode current) {
            ObjectNode health = kept(current);
            given(health, "alarm_names", alarms);
            given(health, "error_rate_threshold", errorRate);
            given(health, "p99_threshold_ms", p99Millis);
            given(health, "health_url", healthUrl);
            return health;
        }

        ObjectNode rollout(JsonNode current) {
            ObjectNode rollout = kept(current);
            given(rollout, "drain_timeout_seconds", drainTimeout);
            given(rollout, "verification_window_seconds", verificationWindow);
            given(rollout, "check_interval_seconds", checkInterval);
            given(rollout, "on_verify_failure", onVerifyFailure);
            return rollout;
        }

        /** Sets {@code field} to an option's value when the option was given. */
        private static void given(ObjectNode section, String field, Object value) {
            if (value != null) {
                section.set(field, Json.MAPPER.valueToTree(value));
            }
        }

        private static ObjectNode kept(JsonNode current) {
            ObjectNode node = Json.MAPPER.createObjectNode();
            if (current != null) {
                current.fields().forEachRemaining(f -> {
                    if (!f.getValue().isNull()) {
                        node.set(f.getKey(), f.getValue());
                    }
                });
            }
            return node;
        }
    }

    @Command(name = "show", description = "Settings, what is live, gate, lock, last-known-good, recent decisions.")
    static final class Show extends EnvironmentCommand {
        Show(CliSettings settings) {
            super(settings);
        }

        @Override
        public Integer call() {
            ApiAnswer answer = readEnvironment();
            if (json()) {
                return printJson(answer);
            }
            print(this, answer.json());
            return Exit.OK.code();
        }
    }

    static void print(ApiCommand command, JsonNode e) {
        var style = command.style();
        command.line("environment", text(e, "workflow_id") + "/" + text(e, "environment"));
        command.line("live", style.bold(text(e, "live_version")) + " (revision " + text(e, "revision")
                + ", switched " + text(e, "switched_at") + ")");
        command.line("previous", text(e, "previous_version"));
        command.line("last-known-good", text(e, "last_known_good"));
        JsonNode gate = e.path("gate");
        command.line("gate", style.status(text(gate, "state")) + (gate.hasNonNull("closed_by")
                ? " (closed by " + text(gate, "closed_by") + " at " + text(gate, "closed_at") + ")" : ""));
        JsonNode lock = e.path("lock");
        command.line("lock", lock.hasNonNull("holder") ? "held by " + text(lock, "holder") + " until "
                + text(lock, "expires_at") : "free");
        command.line("engine", text(e.path("engine"), "name") + " " + text(e.path("engine"), "version"));
        JsonNode health = e.path("health");
        command.line("health", "alarms " + health.path("alarm_names") + ", error rate ≤ "
                + text(health, "error_rate_threshold") + ", p99 ≤ " + text(health, "p99_threshold_ms") + " ms");
        JsonNode rollout = e.path("rollout");
        command.line("rollout", "drain " + text(rollout, "drain_timeout_seconds") + " s, verify "
                + text(rollout, "verification_window_seconds") + " s every " + text(rollout,
                "check_interval_seconds") + " s, on failure " + text(rollout, "on_verify_failure"));
        if (e.hasNonNull("verification_notice")) {
            command.line("notice", style.yellow(text(e, "verification_notice")));
        }
        printAutomation(command, e);
        if (e.path("recent_decisions").size() > 0) {
            command.out().println();
            Table table = new Table("AT", "STEP", "FROM", "TO", "DETAIL");
            e.path("recent_decisions").forEach(d -> table.row(text(d, "at"), text(d, "step"),
                    text(d, "from_version"), text(d, "target_version"), text(d, "detail")));
            table.print(command.out(), style);
        }
        if (e.path("trigger_decisions").size() > 0) {
            command.out().println();
            Table table = new Table("DECIDED", "ALARM", "DECISION", "RULE", "MESSAGE");
            e.path("trigger_decisions").forEach(d -> table.row(text(d, "decided_at"), text(d, "alarm_name"),
                    text(d, "decision"), text(d, "rule"), text(d, "message")));
            table.print(command.out(), style);
        }
    }

    /**
     * What the alarm trigger may do here: the mapped alarms, the held versions, and whether automation is frozen.
     * A person paged by an automatic rollback looks here first, so a freeze is shown with its reason.
     */
    static void printAutomation(ApiCommand command, JsonNode e) {
        var style = command.style();
        JsonNode automation = e.path("automation");
        if (!automation.isMissingNode() && !automation.isNull()) {
            JsonNode policy = automation.path("policy");
            String limits = "cooldown " + text(policy, "cooldown_seconds") + " s, at most "
                    + text(policy, "max_rollbacks_per_hour") + " rollbacks an hour";
            JsonNode freeze = automation.path("freeze");
            command.line("automation", automation.path("frozen").asBoolean()
                    ? style.red("FROZEN") + " by " + text(freeze, "rule") + " at " + text(freeze, "at") + ": "
                    + text(freeze, "message") + " (" + limits + ")"
                    : "on (" + limits + ")");
        }
        JsonNode alarms = e.path("alarms");
        if (alarms.isArray()) {
            StringBuilder mapped = new StringBuilder();
            alarms.forEach(a -> mapped.append(mapped.length() == 0 ? "" : ", ").append(text(a, "alarm_name"))
                    .append(" (insufficient data: ").append(text(a, "on_insufficient_data")).append(')'));
            command.line("mapped alarms", mapped.length() == 0 ? "none" : mapped);
        }
        JsonNode holds = e.path("holds");
        if (holds.isArray()) {
            if (holds.isEmpty()) {
                command.line("holds", "none");
            }
            holds.forEach(h -> command.line("holds", style.bold(text(h, "version")) + " held by "
                    + text(h, "held_by") + " at " + text(h, "held_at") + ": " + text(h, "reason")));
        }
    }

    @Command(name = "create", description = "Create an environment (nothing live, gate open, lock free).")
    static final class Create extends EnvironmentCommand {
        @Mixin
        Settings settingsGiven;

        Create(CliSettings settings) {
            super(settings);
        }

        @Override
        public Integer call() {
            if (settingsGiven.engine == null || settingsGiven.engineVersion == null) {
                throw new CliFailure(Exit.USAGE, "env create needs --engine and --engine-version",
                        "name the engine the environment runs, e.g. --engine dify --engine-version 1.4.0");
            }
            ObjectNode body = Json.MAPPER.createObjectNode().put("name", environment);
            body.putObject("engine").put("name", settingsGiven.engine).put("version", settingsGiven.engineVersion);
            if (settingsGiven.healthGiven()) {
                body.set("health", settingsGiven.health(null));
            }
            if (settingsGiven.rolloutGiven()) {
                body.set("rollout", settingsGiven.rollout(null));
            }
            ApiAnswer answer = require(api().postJson(ApiClient.path("workflows", workflow, "environments"),
                    body.toString()));
            if (json()) {
                return printJson(answer);
            }
            out().println("created " + workflow + "/" + environment);
            print(this, answer.json());
            return Exit.OK.code();
        }
    }

    @Command(name = "set", description = "Change settings; those not given are kept. Never changes what is live.")
    static final class Set extends EnvironmentCommand {
        @Mixin
        Settings settingsGiven;

        Set(CliSettings settings) {
            super(settings);
        }

        @Override
        public Integer call() {
            Settings s = settingsGiven;
            if (!s.engineGiven() && !s.healthGiven() && !s.rolloutGiven()) {
                throw new CliFailure(Exit.USAGE, "env set was given no setting to change",
                        "pass at least one of --engine, --engine-version, --alarm, --error-rate, --p99-ms,"
                                + " --health-url, --drain-timeout, --verification-window, --check-interval,"
                                + " --on-verify-failure");
            }
            String path = ApiClient.path("workflows", workflow, "environments", environment);
            // The API replaces each section it is given: read the current one so an option given alone changes
            // only itself.
            JsonNode current = readEnvironment().json();
            ObjectNode patch = Json.MAPPER.createObjectNode();
            if (s.engineGiven()) {
                patch.putObject("engine").put("name", s.engine != null ? s.engine : text(current.path("engine"),
                        "name")).put("version", s.engineVersion != null ? s.engineVersion
                        : text(current.path("engine"), "version"));
            }
            if (s.healthGiven()) {
                patch.set("health", s.health(current.get("health")));
            }
            if (s.rolloutGiven()) {
                patch.set("rollout", s.rollout(current.get("rollout")));
            }
            ApiAnswer answer = require(api().send("PATCH", path, Map.of(), "application/json", "application/json",
                    patch.toString().getBytes(StandardCharsets.UTF_8)));
            if (json()) {
                return printJson(answer);
            }
            out().println("updated " + workflow + "/" + environment + " (" + String.join(", ",
                    iterable(patch.fieldNames())) + ")");
            print(this, answer.json());
            return Exit.OK.code();
        }

        private static List<String> iterable(java.util.Iterator<String> names) {
            List<String> list = new java.util.ArrayList<>();
            names.forEachRemaining(list::add);
            return list;
        }
    }
}
