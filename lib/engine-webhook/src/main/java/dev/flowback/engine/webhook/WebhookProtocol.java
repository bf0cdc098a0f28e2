package dev.flowback.engine.webhook;

import java.util.List;

/**
 * The operations of Flowback's engine protocol, version 1, and the words they share. Each is a signed
 * {@code POST {url}/{operation}} with a JSON body; docs/engines.md is the specification an engine team implements.
 */
public final class WebhookProtocol {
    public static final String VERSION = "flowback-engine/1";
    public static final String CLOSE = "close";
    public static final String COUNT = "count";
    public static final String APPLY = "apply";
    public static final String OPEN = "open";
    public static final String STATUS = "status";
    public static final List<String> OPERATIONS = List.of(CLOSE, COUNT, APPLY, OPEN, STATUS);

    private WebhookProtocol() {
    }
}
