package dev.flowback.bench;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * A generated Flowback JSON definition of a given size, shaped like a large real one: a start node, then a long
 * chain of LLM steps with long multi-line prompts (escapes, quotes and non-ASCII text included), an if-else every
 * tenth step with two branches joining again, HTTP steps, editor positions, resources and env. Seeded, so every run
 * measures the same document.
 */
final class FlowbackDocument {
    private static final String[] WORDS = {"the", "ticket", "customer", "answer", "classify", "billing", "refund",
        "escalate", "policy", "summary", "tone", "polite", "concise", "order", "invoice", "account", "priority",
        "queue", "context", "history", "résumé", "naïve", "step", "check", "language", "product", "warranty",
        "shipping", "delay", "apologise", "quote", "\"exactly\"", "—", "always", "never", "if", "unsure", "other"};

    private FlowbackDocument() {
    }

    /** A document of at least {@code targetBytes} (a few KiB over at most) whose description is {@code mark}. */
    static byte[] generate(int targetBytes, String mark) {
        Random random = new Random(13);
        StringBuilder json = new StringBuilder(targetBytes + 64 * 1024);
        json.append("{\n  \"schemaVersion\": \"1.0\",\n  \"name\": \"support-mega-flow\",\n")
                .append("  \"description\": \"").append(mark).append("\",\n")
                .append("  \"engine\": {\"name\": \"flowback-engine\", \"version\": \"^2.1.0\"},\n")
                .append("  \"nodes\": [\n")
                .append("    {\"id\": \"start\", \"type\": \"start\", \"title\": \"Ticket received\","
                        + " \"position\": {\"x\": 0, \"y\": 0}}");
        StringBuilder edges = new StringBuilder();
        String previous = "start";
        int step = 0;
        // Edges and the tail are about 3 % of the document; stop the nodes early enough to land near the target.
        while (json.length() + edges.length() * 1.1 < targetBytes * 0.985) {
            step++;
            String id = "step-" + step;
            if (step % 10 == 0) {
                json.append(",\n    {\"id\": \"").append(id).append("\", \"type\": \"if-else\", \"title\": \"Route ")
                        .append(step).append("\", \"params\": {\"field\": \"category\", \"cases\": [")
                        .append("{\"id\": \"case-1\", \"when\": \"category == 'billing'\"}]}")
                        .append(", \"position\": {\"x\": ").append(step * 40).append(", \"y\": 120}}");
                json.append(",\n    {\"id\": \"").append(id).append("-billing\", \"type\": \"http\", \"title\":")
                        .append(" \"Billing queue\", \"params\": {\"method\": \"POST\", \"url\": ")
                        .append("\"https://queues.example.internal/billing\", \"timeoutMs\": 3000}}");
                edge(edges, previous, id, "");
                edge(edges, id, id + "-billing", "category == 'billing'");
                edge(edges, id, id + "-other", "category != 'billing'");
                json.append(",\n    {\"id\": \"").append(id).append("-other\", \"type\": \"http\", \"title\":")
                        .append(" \"Support queue\", \"params\": {\"method\": \"POST\", \"url\": ")
                        .append("\"https://queues.example.internal/support\", \"timeoutMs\": 3000}}");
                json.append(",\n    {\"id\": \"").append(id).append("-join\", \"type\": \"merge\"}");
                edge(edges, id + "-billing", id + "-join", "");
                edge(edges, id + "-other", id + "-join", "");
                previous = id + "-join";
                continue;
            }
            json.append(",\n    {\"id\": \"").append(id).append("\", \"type\": \"llm\", \"title\": \"Step ")
                    .append(step).append("\",\n     \"params\": {\"model\": {\"provider\": \"openai\", \"name\": ")
                    .append("\"gpt-4o\", \"temperature\": ").append(random.nextInt(10) / 10.0)
                    .append("}, \"maxTokens\": ").append(256 + random.nextInt(2048))
                    .append(",\n                \"prompt\": \"");
            prompt(json, random, 2_500 + random.nextInt(3_000));
            json.append("\"},\n     \"position\": {\"x\": ").append(step * 40).append(", \"y\": ")
                    .append(random.nextInt(400)).append("}, \"ui\": {\"collapsed\": ").append(random.nextBoolean())
                    .append("}}");
            edge(edges, previous, id, "");
            previous = id;
        }
        json.append("\n  ],\n  \"edges\": [\n").append(edges).append("\n  ],\n  \"resources\": [\n")
                .append("    {\"uri\": \"s3://flowback-examples/prompts/triage-rules.md\", \"sha256\": ")
                .append("\"9f2c6d3a1b8e4f5a6c7d8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3\"}\n  ],\n")
                .append("  \"env\": {\"QUEUE_TIMEOUT_MS\": \"3000\", \"REGION\": \"eu-west-1\"},\n")
                .append("  \"ui\": {\"zoom\": 0.8, \"viewport\": {\"x\": 0, \"y\": 0}}\n}\n");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** What the document holds, for the harness's header. */
    static String describe(byte[] document) {
        String text = new String(document, StandardCharsets.UTF_8);
        return count(text, "\"type\": \"llm\"") + " LLM steps, " + count(text, "\"id\": ") + " nodes, "
                + count(text, "{\"from\": ") + " edges";
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + what.length())) {
            n++;
        }
        return n;
    }

    private static void edge(StringBuilder edges, String from, String to, String condition) {
        if (!edges.isEmpty()) {
            edges.append(",\n");
        }
        edges.append("    {\"from\": \"").append(from).append("\", \"to\": \"").append(to).append('"');
        if (!condition.isEmpty()) {
            edges.append(", \"condition\": \"").append(condition).append('"');
        }
        edges.append('}');
    }

    private static void prompt(StringBuilder json, Random random, int length) {
        int start = json.length();
        int sentence = 0;
        while (json.length() - start < length) {
            String word = WORDS[random.nextInt(WORDS.length)];
            json.append(word.replace("\"", "\\\""));
            sentence++;
            if (sentence > 8 + random.nextInt(12)) {
                json.append(random.nextInt(4) == 0 ? ".\\n\\n" : ". ");
                sentence = 0;
            } else {
                json.append(' ');
            }
        }
    }
}
