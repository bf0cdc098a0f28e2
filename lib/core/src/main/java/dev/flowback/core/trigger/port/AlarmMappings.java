package dev.flowback.core.trigger.port;

import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.trigger.model.AlarmMapping;
import java.util.List;
import java.util.Optional;

/**
 * Outgoing port: alarm name to environment (DynamoDB in production: the mapping under the alarm's own key, read
 * with one GetItem per delivery, and a copy in the environment's partition for listing).
 */
public interface AlarmMappings {
    /** Stores a new mapping; VersionConflictException when the alarm is mapped already (remove it first). */
    void create(AlarmMapping mapping);

    Optional<AlarmMapping> find(String alarmName);

    /** Removes the alarm's mapping; false when there was none. */
    boolean remove(String alarmName);

    /** The mappings to one environment, by alarm name. */
    List<AlarmMapping> list(EnvironmentRef environment);
}
