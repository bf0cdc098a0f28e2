package dev.flowback.core.chain.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What started a rollback; carried to the record and the final event so automatic rollbacks can be told apart. */
public enum RollbackTrigger {
    ALARM, API, MANUAL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<RollbackTrigger> fromWire(String text) {
        return Arrays.stream(values()).filter(t -> t.wireName().equals(text)).findFirst();
    }
}
