package dev.flowback.core.definition.dify;

import dev.flowback.core.engine.EngineRequirement;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dify DSL version ({@code version:} at the top of an export) and the Dify engine range it implies.
 *
 * <p>The range is read from one table, {@link #ENGINE_FLOORS}, so a floor can be corrected in one place. Every
 * supported generation maps to Dify 1.x ({@code ^1.0.0}): Dify 1.x imports all of them (it accepts an older DSL
 * with the same major and rebuilds plugin dependencies for 0.1.x), and Dify 0.x, which wrote 0.1.x, is past its
 * end of life and not a target. One feature raises the floor whatever the version: trigger nodes
 * (trigger-schedule, trigger-webhook, trigger-plugin) need Dify 1.10.0, where triggers arrived. The environment's
 * Dify then passes when it is on the same major and inside the range (see EngineRequirement).
 */
record DslVersion(int major, int minor, int patch) {
    public static final String ENGINE_NAME = "dify";
    static final String TRIGGER_FLOOR = "^1.10.0";

    private static final Pattern SYNTAX = Pattern.compile("^(\\d{1,4})\\.(\\d{1,4})\\.(\\d{1,4})$");

    /** Index = minor version of DSL 0.x; value = the Dify range that generation needs. */
    private static final List<String> ENGINE_FLOORS = List.of(
            "",         // 0.0.x was never released
            "^1.0.0",   // 0.1.x: Dify 0.x wrote it; Dify 1.x imports it
            "^1.0.0",   // 0.2.x: plugins and `dependencies` arrive with Dify 1.0
            "^1.0.0",   // 0.3.x
            "^1.0.0",   // 0.4.x
            "^1.0.0",   // 0.5.x
            "^1.0.0");  // 0.6.x

    /** What Dify's importer takes an export without a version for: its oldest DSL. */
    static final DslVersion ASSUMED_WHEN_ABSENT = new DslVersion(0, 1, 0);

    static final List<String> SUPPORTED = List.of("0.1.x", "0.2.x", "0.3.x", "0.4.x", "0.5.x", "0.6.x");

    /** Empty when the text is not MAJOR.MINOR.PATCH. */
    static Optional<DslVersion> parse(String text) {
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new DslVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3))));
    }

    boolean supported() {
        return major == 0 && minor >= 1 && minor < ENGINE_FLOORS.size();
    }

    EngineRequirement engine(boolean usesTriggers) {
        return new EngineRequirement(ENGINE_NAME, usesTriggers ? TRIGGER_FLOOR : ENGINE_FLOORS.get(minor));
    }

    static String supportedList() {
        return String.join(", ", SUPPORTED);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
