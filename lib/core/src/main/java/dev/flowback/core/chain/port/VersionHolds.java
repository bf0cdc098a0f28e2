package dev.flowback.core.chain.port;

import dev.flowback.core.chain.model.VersionHold;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Outgoing port: the holds on versions of an environment (DynamoDB in production, one item per held version in the
 * environment's partition). The validate step reads them; the alarm trigger places them; a person lifts them.
 */
public interface VersionHolds {
    /**
     * Places the hold unless the version is already held by another execution (the first hold stays, with its
     * reason). Placing a hold that was lifted holds it again. Repeating the same placement changes nothing. Returns
     * whether the version is now held by {@code hold.placedBy()}.
     */
    boolean place(VersionHold hold);

    /** The hold on {@code version}, active or lifted, or empty when it was never held. */
    Optional<VersionHold> find(EnvironmentRef environment, VersionId version);

    /** Lifts an active hold; false, changing nothing, when the version is not held. */
    boolean lift(EnvironmentRef environment, VersionId version, String by, Instant at);

    /** Every hold of the environment, active and lifted, by version. */
    List<VersionHold> list(EnvironmentRef environment);
}
