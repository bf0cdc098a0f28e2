package dev.flowback.store.dynamodb;

import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.id.WorkflowId;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The opaque history cursor: the three key attributes of the last item returned, joined and base64url-encoded.
 * A cursor is checked on the way back in, so a cursor from another workflow or a damaged one is refused with a
 * clear message instead of silently returning the wrong page.
 */
final class HistoryCursor {
    private static final char SEPARATOR = '\n';

    private HistoryCursor() {
    }

    static String encode(Map<String, AttributeValue> item) {
        String raw = item.get(FlowbackTable.PK).s() + SEPARATOR + item.get(FlowbackTable.SK).s() + SEPARATOR
                + item.get(FlowbackTable.SEQ_KEY).s();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, AttributeValue> decode(String cursor, WorkflowId workflow) {
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\n", -1);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (parts.length != 3 || !parts[0].equals(FlowbackTable.workflowKey(workflow.value()))
                || !parts[1].startsWith(VersionItems.VERSION_PREFIX) || !parts[2].startsWith(VersionItems.SEQ_PREFIX)) {
            throw invalid();
        }
        return Map.of(FlowbackTable.PK, Attributes.s(parts[0]), FlowbackTable.SK, Attributes.s(parts[1]),
                FlowbackTable.SEQ_KEY, Attributes.s(parts[2]));
    }

    private static InvalidInputException invalid() {
        return new InvalidInputException("cursor.invalid", "cursor",
                "cursor is not one this workflow's history handed out; start again without a cursor");
    }
}
