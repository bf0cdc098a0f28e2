package dev.flowback.core.chain.model;

import dev.flowback.core.error.InvalidInputException;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which adapter carries the chain's moves to the engine an environment runs, and that adapter's settings. The
 * settings name secrets only by their AWS Secrets Manager ARN: no credential is ever part of an environment, so none
 * reaches the table, a payload or a log line.
 *
 * <p>Settings travel as a flat map of snake_case strings ({@link #settings()}, {@link #of}), the one form the
 * DynamoDB item and any front end share; {@link #of} checks every setting and names the one at fault, so a bad
 * binding is refused before an environment is written.
 */
public sealed interface EngineBinding permits EngineBinding.EmbeddedGate, EngineBinding.Dify, EngineBinding.Webhook {

    /** The adapter's name as stored: {@code embedded-gate}, {@code dify} or {@code webhook}. */
    String adapter();

    /** The settings as stored, snake_case keys; empty for the embedded gate. */
    Map<String, String> settings();

    /** Engines that embed Flowback's gate client: what every environment had before bindings existed. */
    EngineBinding EMBEDDED_GATE = new EmbeddedGate();

    /** The binding named {@code adapter} with {@code settings} (null: none); InvalidInputException naming the field. */
    static EngineBinding of(String adapter, Map<String, String> settings) {
        Map<String, String> given = settings == null ? Map.of() : settings;
        if (adapter == null || adapter.isBlank() || EmbeddedGate.NAME.equals(adapter)) {
            EngineSettingChecks.allowOnly(EmbeddedGate.NAME, given, Set.of());
            return EMBEDDED_GATE;
        }
        return switch (adapter) {
            case Dify.NAME -> Dify.fromSettings(given);
            case Webhook.NAME -> Webhook.fromSettings(given);
            default -> throw new InvalidInputException("field.value", "engine.adapter", "engine.adapter \""
                    + adapter + "\" is not an adapter; use " + EmbeddedGate.NAME + ", " + Dify.NAME + " or "
                    + Webhook.NAME);
        };
    }

    /**
     * The engine embeds {@code lib/engine-gate}: it reads the gate and the pointer Flowback writes, so the chain's
     * own writes are all it needs; in-flight instances are its unexpired leases.
     */
    record EmbeddedGate() implements EngineBinding {
        public static final String NAME = "embedded-gate";

        @Override
        public String adapter() {
            return NAME;
        }

        @Override
        public Map<String, String> settings() {
            return Map.of();
        }
    }

    /**
     * A Dify app driven through Dify's console API (lib/engine-dify): the target DSL is imported into the existing
     * app and published.
     *
     * @param consoleUrl           where Dify's console API answers ({@code https://dify.example.com}; plain http
     *                             only to a loopback address)
     * @param appId                the app to import into (a UUID, as Dify's routes require)
     * @param credentialsSecretArn the Secrets Manager secret holding the console account's email and password
     * @param close                what the pause switches off in Dify while it drains: the app's service API
     *                             ({@code api}) and its web app ({@code site}); reopening switches them back on
     * @param passwordEncoding     how the login sends the password: base64, as Dify's current web client does, or
     *                             plain, as older releases expect
     */
    record Dify(URI consoleUrl, String appId, String credentialsSecretArn, Set<Channel> close,
                PasswordEncoding passwordEncoding) implements EngineBinding {
        public static final String NAME = "dify";
        private static final Pattern UUID = Pattern.compile(
                "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
        private static final Set<String> KEYS = Set.of("console_url", "app_id", "credentials_secret_arn", "close",
                "password_encoding");

        /** The switches the pause can turn off; Dify checks each one per request, never during a run. */
        public enum Channel {
            API("api"), SITE("site");

            private final String wireName;

            Channel(String wireName) {
                this.wireName = wireName;
            }

            public String wireName() {
                return wireName;
            }
        }

        public enum PasswordEncoding { BASE64, PLAIN }

        public Dify {
            consoleUrl = EngineSettingChecks.endpoint("engine.settings.console_url", consoleUrl);
            if (appId == null || !UUID.matcher(appId).matches()) {
                throw new InvalidInputException("field.syntax", "engine.settings.app_id", "engine.settings.app_id"
                        + " must be the Dify app's id, a UUID such as 3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f");
            }
            appId = appId.toLowerCase(Locale.ROOT);
            credentialsSecretArn = EngineSettingChecks.secretArn("engine.settings.credentials_secret_arn",
                    credentialsSecretArn);
            if (close == null || close.isEmpty()) {
                throw new InvalidInputException("field.missing", "engine.settings.close", "engine.settings.close must"
                        + " name at least one of api, site: a drain only ends if new runs stop starting");
            }
            close = Set.copyOf(EnumSet.copyOf(close));
            passwordEncoding = passwordEncoding == null ? PasswordEncoding.BASE64 : passwordEncoding;
        }

        /** Closes both the service API and the web app, and logs in the way current Dify releases expect. */
        public static Dify of(URI consoleUrl, String appId, String credentialsSecretArn) {
            return new Dify(consoleUrl, appId, credentialsSecretArn, EnumSet.allOf(Channel.class), null);
        }

        static Dify fromSettings(Map<String, String> settings) {
            EngineSettingChecks.allowOnly(NAME, settings, KEYS);
            Set<Channel> close = EnumSet.noneOf(Channel.class);
            String listed = settings.getOrDefault("close", "api,site");
            for (String part : listed.split(",", -1)) {
                String name = part.trim();
                close.add(EngineSettingChecks.choice("engine.settings.close", name, Channel.values(),
                        Channel::wireName));
            }
            PasswordEncoding encoding = settings.containsKey("password_encoding")
                    ? EngineSettingChecks.choice("engine.settings.password_encoding", settings.get("password_encoding"),
                    PasswordEncoding.values(), e -> e.name().toLowerCase(Locale.ROOT))
                    : null;
            return new Dify(EngineSettingChecks.uri("engine.settings.console_url", settings.get("console_url")),
                    settings.get("app_id"), settings.get("credentials_secret_arn"), close, encoding);
        }

        @Override
        public String adapter() {
            return NAME;
        }

        @Override
        public Map<String, String> settings() {
            Map<String, String> out = new LinkedHashMap<>();
            out.put("console_url", consoleUrl.toString());
            out.put("app_id", appId);
            out.put("credentials_secret_arn", credentialsSecretArn);
            List<String> channels = new ArrayList<>();
            for (Channel channel : Channel.values()) {
                if (close.contains(channel)) {
                    channels.add(channel.wireName());
                }
            }
            out.put("close", String.join(",", channels));
            out.put("password_encoding", passwordEncoding.name().toLowerCase(Locale.ROOT));
            return out;
        }
    }

    /**
     * Any other engine, through Flowback's signed JSON-over-HTTPS protocol (lib/engine-webhook, docs/engines.md).
     *
     * @param url              the engine's protocol endpoint; operations are POSTed to {@code url + "/" + op}
     * @param signingSecretArn the Secrets Manager secret whose value is the shared HMAC key
     */
    record Webhook(URI url, String signingSecretArn) implements EngineBinding {
        public static final String NAME = "webhook";
        private static final Set<String> KEYS = Set.of("url", "signing_secret_arn");

        public Webhook {
            url = EngineSettingChecks.endpoint("engine.settings.url", url);
            signingSecretArn = EngineSettingChecks.secretArn("engine.settings.signing_secret_arn", signingSecretArn);
        }

        static Webhook fromSettings(Map<String, String> settings) {
            EngineSettingChecks.allowOnly(NAME, settings, KEYS);
            return new Webhook(EngineSettingChecks.uri("engine.settings.url", settings.get("url")),
                    settings.get("signing_secret_arn"));
        }

        @Override
        public String adapter() {
            return NAME;
        }

        @Override
        public Map<String, String> settings() {
            Map<String, String> out = new LinkedHashMap<>();
            out.put("url", url.toString());
            out.put("signing_secret_arn", signingSecretArn);
            return out;
        }
    }
}
