package dev.flowback.core.definition;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * The semantic fingerprint: SHA-256 over the RFC 8785 (JSON Canonicalization Scheme) form of the normalized
 * model. The model has already dropped editor-only noise and sorted its collections; JCS then fixes key order,
 * whitespace, string escaping and number formatting, so two documents that mean the same hash the same.
 */
public final class Fingerprint {
    private Fingerprint() {
    }

    public static ContentHash of(WorkflowModel model) {
        return ContentHash.of(canonicalBytes(model));
    }

    /** The exact bytes that are hashed, exposed so the form can be inspected and documented. */
    public static byte[] canonicalBytes(WorkflowModel model) {
        try {
            return new JsonCanonicalizer(Json.MAPPER.writeValueAsString(model)).getEncodedUTF8();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a normalized model always serializes", e);
        } catch (IOException e) {
            throw new IllegalStateException("Jackson's output is always valid JSON", e);
        }
    }
}
