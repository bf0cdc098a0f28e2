package dev.flowback.core.engine;

import java.util.Objects;
import java.util.Optional;

/**
 * What engine a definition needs: a name ({@code dify}, {@code flowback-engine}) and a version range.
 *
 * <p>Compatibility rule (documented in docs/architecture.md): an environment running engine {@code N} at
 * version {@code V} can take a definition requiring {@code (N, R)} when the names are equal (case-insensitive),
 * {@code V}'s major equals the major of {@code R}'s lower bound, and {@code R} admits {@code V}.
 */
public record EngineRequirement(String name, String versionRange) {
    public EngineRequirement {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(versionRange, "versionRange");
    }

    public Optional<VersionRange> range() {
        return VersionRange.parse(versionRange);
    }

    /** Empty when compatible, else the reason in one sentence. */
    public Optional<String> incompatibilityWith(String engineName, String engineVersion) {
        if (!name.equalsIgnoreCase(engineName)) {
            return Optional.of("the definition needs engine '" + name + "' but the environment runs '" + engineName
                    + "'");
        }
        Optional<SemanticVersion> running = SemanticVersion.parse(engineVersion);
        Optional<VersionRange> range = range();
        if (running.isEmpty()) {
            return Optional.of("the environment's engine version '" + engineVersion + "' is not a semantic version");
        }
        if (range.isEmpty()) {
            return Optional.of("the definition's engine range '" + versionRange + "' cannot be read");
        }
        if (running.get().major() != range.get().baseMajor()) {
            return Optional.of("engine major version differs: the definition needs " + name + " " + versionRange
                    + " (major " + range.get().baseMajor() + ") but the environment runs " + engineVersion);
        }
        if (!range.get().admits(running.get())) {
            return Optional.of("the environment's " + name + " " + engineVersion + " is outside the definition's range "
                    + versionRange);
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return name + " " + versionRange;
    }
}
