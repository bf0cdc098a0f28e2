package dev.flowback.core.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An engine version requirement in the familiar npm/semver shorthand, kept deliberately small:
 * {@code 1.4.2} (exact), {@code ^1.4.0}, {@code ~1.4.0}, {@code 1.x} / {@code 1.*}, and space-separated
 * comparators such as {@code >=1.2.0 <2.0.0}. {@link #baseMajor()} is the major version of the lowest version
 * the range admits; the compatibility rule (same major) compares against it.
 */
public final class VersionRange {
    private record Bound(String op, SemanticVersion version) {
        boolean admits(SemanticVersion v) {
            int c = v.compareTo(version);
            return switch (op) {
                case ">=" -> c >= 0;
                case ">" -> c > 0;
                case "<=" -> c <= 0;
                case "<" -> c < 0;
                default -> c == 0;
            };
        }
    }

    private final String text;
    private final List<Bound> bounds;

    private VersionRange(String text, List<Bound> bounds) {
        this.text = text;
        this.bounds = List.copyOf(bounds);
    }

    /** Empty when the text is not a range this class understands. */
    public static Optional<VersionRange> parse(String text) {
        if (text == null || text.isBlank() || text.length() > 100) {
            return Optional.empty();
        }
        List<Bound> bounds = new ArrayList<>();
        for (String part : text.trim().split("\\s+")) {
            if (!addPart(part, bounds)) {
                return Optional.empty();
            }
        }
        return Optional.of(new VersionRange(text.trim(), bounds));
    }

    private static boolean addPart(String part, List<Bound> bounds) {
        if (part.matches("^\\d{1,9}\\.[x*]$") || part.matches("^\\d{1,9}\\.[x*]\\.[x*]$")
                || part.matches("^\\d{1,9}$")) {
            int major = Integer.parseInt(part.split("\\.")[0]);
            bounds.add(new Bound(">=", new SemanticVersion(major, 0, 0, "")));
            bounds.add(new Bound("<", new SemanticVersion(major + 1, 0, 0, "")));
            return true;
        }
        for (String op : List.of(">=", "<=", ">", "<", "^", "~", "=")) {
            if (part.startsWith(op)) {
                Optional<SemanticVersion> v = SemanticVersion.parse(part.substring(op.length()));
                if (v.isEmpty()) {
                    return false;
                }
                SemanticVersion base = v.get();
                switch (op) {
                    case "^" -> {
                        bounds.add(new Bound(">=", base));
                        bounds.add(new Bound("<", base.major() > 0
                                ? new SemanticVersion(base.major() + 1, 0, 0, "")
                                : new SemanticVersion(0, base.minor() + 1, 0, "")));
                    }
                    case "~" -> {
                        bounds.add(new Bound(">=", base));
                        bounds.add(new Bound("<", new SemanticVersion(base.major(), base.minor() + 1, 0, "")));
                    }
                    case "=" -> bounds.add(new Bound("=", base));
                    default -> bounds.add(new Bound(op, base));
                }
                return true;
            }
        }
        Optional<SemanticVersion> exact = SemanticVersion.parse(part);
        exact.ifPresent(v -> bounds.add(new Bound("=", v)));
        return exact.isPresent();
    }

    public boolean admits(SemanticVersion version) {
        return bounds.stream().allMatch(b -> b.admits(version));
    }

    /** The major version of the range's lower bound (0 when the range has none). */
    public int baseMajor() {
        return bounds.stream()
                .filter(b -> b.op().startsWith(">") || b.op().equals("="))
                .mapToInt(b -> b.version().major())
                .max()
                .orElse(0);
    }

    @Override
    public String toString() {
        return text;
    }
}
