package dev.flowback.core.definition;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The semantic fingerprint: SHA-256 over the RFC 8785 (JSON Canonicalization Scheme) form of the normalized
 * model. The model has already dropped editor-only noise and sorted its collections; JCS then fixes key order,
 * whitespace, string escaping and number formatting, so two documents that mean the same hash the same.
 *
 * <p>The canonical form is written straight into the digest ({@link CanonicalJson}): a fingerprint costs one walk
 * of the model and no copy of its text. (It was Jackson's text of the model, parsed again by the library's
 * canonicalizer and encoded once more: five copies of a large definition, most of its publish.)
 */
public final class Fingerprint {
    private Fingerprint() {
    }

    public static ContentHash of(WorkflowModel model) {
        MessageDigest digest = ContentHash.newDigest();
        write(model, new OutputStream() {
            @Override
            public void write(int b) {
                digest.update((byte) b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                digest.update(bytes, offset, length);
            }
        });
        return new ContentHash(HexFormat.of().formatHex(digest.digest()));
    }

    /** The exact bytes that are hashed, exposed so the form can be inspected and documented. */
    public static byte[] canonicalBytes(WorkflowModel model) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        write(model, bytes);
        return bytes.toByteArray();
    }

    private static void write(WorkflowModel model, OutputStream out) {
        try {
            CanonicalJson.write(model, out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing a canonical form into memory cannot fail", e);
        }
    }
}
