package dev.flowback.core.chain.model;

import dev.flowback.core.error.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/** The checks the bindings share, each naming its field the same way. */
final class EngineSettingChecks {
    private static final Pattern SECRET_ARN = Pattern.compile(
            "^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]{1,512}$");
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    private EngineSettingChecks() {
    }

    static void allowOnly(String adapter, Map<String, String> settings, Set<String> known) {
        for (String key : new TreeSet<>(settings.keySet())) {
            if (!known.contains(key)) {
                throw new InvalidInputException("field.unknown", "engine.settings." + key, "engine.settings."
                        + key + " is not a setting of the " + adapter + " adapter" + (known.isEmpty()
                        ? ", which takes none" : "; its settings are " + String.join(", ", new TreeSet<>(known))));
            }
        }
    }

    static URI uri(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("field.missing", field, field + " is required");
        }
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new InvalidInputException("field.syntax", field, field + " is not a URL: " + e.getReason());
        }
    }

    /**
     * An absolute https URL without user info, query or fragment, and no trailing slash; plain http is allowed
     * only to a loopback address (local stand-ins), since requests carry credentials and signatures.
     */
    static URI endpoint(String field, URI url) {
        if (url == null) {
            throw new InvalidInputException("field.missing", field, field + " is required");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        String host = url.getHost();
        boolean loopback = host != null && LOOPBACK.contains(host.toLowerCase(Locale.ROOT));
        if (host == null || url.getRawUserInfo() != null || url.getRawQuery() != null
                || url.getRawFragment() != null || !(scheme.equals("https") || scheme.equals("http") && loopback)) {
            throw new InvalidInputException("field.syntax", field, field + " must be an https URL with a host"
                    + " and no user info, query or fragment (plain http only to a loopback address), was "
                    + url);
        }
        String text = url.toString();
        return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : url;
    }

    static String secretArn(String field, String arn) {
        if (arn == null || arn.isBlank()) {
            throw new InvalidInputException("field.missing", field, field + " is required");
        }
        if (!SECRET_ARN.matcher(arn).matches()) {
            throw new InvalidInputException("field.syntax", field, field + " must be an AWS Secrets Manager"
                    + " secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME); the secret itself never"
                    + " goes into an environment's settings");
        }
        return arn;
    }

    static <E extends Enum<E>> E choice(String field, String value, E[] options,
                                        Function<E, String> wireName) {
        List<String> names = new ArrayList<>();
        for (E option : options) {
            if (wireName.apply(option).equals(value)) {
                return option;
            }
            names.add(wireName.apply(option));
        }
        throw new InvalidInputException("field.value", field, field + " \"" + value + "\" is not one of "
                + String.join(", ", names));
    }
}
