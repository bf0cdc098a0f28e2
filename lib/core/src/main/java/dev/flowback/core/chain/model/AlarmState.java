package dev.flowback.core.chain.model;

import java.util.Arrays;
import java.util.Optional;

/** A CloudWatch alarm's state value, as CloudWatch writes it ({@code ALARM}, {@code OK}, {@code INSUFFICIENT_DATA}). */
public enum AlarmState {
    OK, ALARM, INSUFFICIENT_DATA;

    public static Optional<AlarmState> fromWire(String text) {
        return Arrays.stream(values()).filter(s -> s.name().equals(text)).findFirst();
    }
}
