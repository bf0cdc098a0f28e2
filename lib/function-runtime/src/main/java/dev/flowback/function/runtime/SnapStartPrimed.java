package dev.flowback.function.runtime;

import java.util.Optional;

/** A handler that registers a SnapStart priming when Lambda builds it (its no-argument constructor). */
public interface SnapStartPrimed {
    /** The priming the no-argument constructor registered; empty for handlers built from a given wiring. */
    Optional<SnapStartPriming> snapStartPriming();
}
