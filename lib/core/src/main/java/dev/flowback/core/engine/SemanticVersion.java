package dev.flowback.core.engine;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** MAJOR.MINOR.PATCH with an optional pre-release tag; missing minor or patch read as 0 ("1.4" is 1.4.0). */
public record SemanticVersion(int major, int minor, int patch,
        String preRelease) implements Comparable<SemanticVersion> {
    private static final Pattern SYNTAX =
            Pattern.compile("^v?(\\d{1,9})(?:\\.(\\d{1,9}))?(?:\\.(\\d{1,9}))?"
                    + "(?:-([0-9A-Za-z.-]+))?(?:\\+[0-9A-Za-z.-]+)?$");

    public SemanticVersion {
        preRelease = preRelease == null ? "" : preRelease;
    }

    public static Optional<SemanticVersion> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = SYNTAX.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new SemanticVersion(Integer.parseInt(m.group(1)),
                m.group(2) == null ? 0 : Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)),
                m.group(4)));
    }

    @Override
    public int compareTo(SemanticVersion other) {
        int c = Integer.compare(major, other.major);
        if (c == 0) {
            c = Integer.compare(minor, other.minor);
        }
        if (c == 0) {
            c = Integer.compare(patch, other.patch);
        }
        if (c == 0) {
            // A release sorts after its pre-releases (1.0.0-rc.1 < 1.0.0).
            if (preRelease.isEmpty() || other.preRelease.isEmpty()) {
                c = Boolean.compare(preRelease.isEmpty(), other.preRelease.isEmpty());
            } else {
                c = preRelease.compareTo(other.preRelease);
            }
        }
        return c;
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch + (preRelease.isEmpty() ? "" : "-" + preRelease);
    }
}
