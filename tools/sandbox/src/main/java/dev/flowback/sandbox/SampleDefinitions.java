package dev.flowback.sandbox;

import java.nio.charset.StandardCharsets;

/**
 * Small, valid Flowback JSON definitions for local runs and tests: a start node, a model call, an HTTP hand-off,
 * and an engine requirement of the caller's choosing (to show the engine-major rule at work).
 */
public final class SampleDefinitions {
    private SampleDefinitions() {
    }

    /**
     * @param engineRange the definition's engine requirement, e.g. {@code ^2.1.0}
     * @param prompt      the model node's prompt: different prompts make different versions
     */
    public static byte[] triage(String engineRange, String prompt) {
        String json = """
                {
                  "schemaVersion": "1.0",
                  "name": "support-triage",
                  "engine": {"name": "flowback-engine", "version": "%s"},
                  "nodes": [
                    {"id": "start", "type": "start", "title": "Ticket received"},
                    {"id": "classify", "type": "llm", "title": "Classify",
                     "params": {"model": {"provider": "openai", "name": "gpt-4o-mini"}, "prompt": "%s"}},
                    {"id": "route", "type": "http", "params": {"url": "https://queue.internal/tickets"}}
                  ],
                  "edges": [
                    {"from": "start", "to": "classify"},
                    {"from": "classify", "to": "route"}
                  ]
                }
                """.formatted(engineRange, prompt.replace("\\", "\\\\").replace("\"", "\\\""));
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
