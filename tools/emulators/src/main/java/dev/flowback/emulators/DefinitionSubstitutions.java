package dev.flowback.emulators;

import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${Name}} tokens in an ASL file the way SAM's {@code DefinitionSubstitutions} does,
 * so tests run the very file that gets deployed.
 */
public final class DefinitionSubstitutions {

    private static final Pattern TOKEN = Pattern.compile("\\$\\{([^}]*)}");

    private DefinitionSubstitutions() {
    }

    /**
     * @throws IllegalArgumentException naming every token left without a value, since an unreplaced
     *                                  token would otherwise surface later as a baffling ARN error
     */
    public static String apply(String definition, Map<String, String> substitutions) {
        TreeSet<String> missing = new TreeSet<>();
        Matcher matcher = TOKEN.matcher(definition);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String value = substitutions.get(matcher.group(1));
            if (value == null) {
                missing.add(matcher.group());
                value = matcher.group();
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(result);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("no substitution for " + String.join(", ", missing)
                    + " (given: " + new TreeSet<>(substitutions.keySet()) + ")");
        }
        return result.toString();
    }
}
