package dev.flowback.core.definition;

import dev.flowback.core.error.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Reads a document from a stream into exactly one array, stopping as soon as it passes the size limit, so an
 * oversized upload is refused without being held whole.
 */
public final class DocumentInput {
    private DocumentInput() {
    }

    public static byte[] read(InputStream in) {
        return read(in, DefinitionLimits.MAX_DOCUMENT_BYTES);
    }

    public static byte[] read(InputStream in, int limit) {
        byte[] buffer = new byte[8192];
        int size = 0;
        try {
            for (int n; (n = in.read(buffer, size, buffer.length - size)) >= 0; ) {
                size += n;
                if (size > limit) {
                    throw new InvalidInputException("document.size", "definition",
                            "the definition is larger than the limit of " + limit + " bytes");
                }
                if (size == buffer.length) {
                    // Grow geometrically, but never beyond one byte past the limit (enough to detect "too large").
                    buffer = Arrays.copyOf(buffer, (int) Math.min((long) buffer.length * 2, (long) limit + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the definition failed", e);
        }
        return size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
    }
}
