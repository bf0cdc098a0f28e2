package dev.flowback.core.definition;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Iterator;
import org.erdtman.jcs.NumberToJSON;

/**
 * Writes a JSON tree in its RFC 8785 (JSON Canonicalization Scheme) form straight to a stream, a small buffer at a
 * time, so a fingerprint of a 10 MiB model never holds the model as text. The output is byte for byte what
 * {@code org.erdtman.jcs.JsonCanonicalizer} makes of the tree's Jackson serialization (the fingerprints of versions
 * published before this writer existed must not change; CanonicalJsonTest holds the two equal): object members sorted
 * by UTF-16 code units, only {@code "} {@code \} and control characters escaped (the short forms where JSON has
 * them, {@code \}{@code u00xx} otherwise), every number as the ECMAScript form of its double (the library's own
 * {@code NumberToJSON}), and text encoded as Java's UTF-8 encoder does (an unpaired surrogate becomes {@code ?}).
 */
final class CanonicalJson {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final OutputStream out;
    private final byte[] buffer = new byte[8192];
    private int used;

    private CanonicalJson(OutputStream out) {
        this.out = out;
    }

    /** Writes {@code tree} canonically to {@code out} (flushed to it, not closed). */
    static void write(JsonNode tree, OutputStream out) throws IOException {
        CanonicalJson writer = new CanonicalJson(out);
        writer.value(tree);
        writer.flush();
    }

    private void value(JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> object(node);
            case ARRAY -> array(node);
            case STRING -> string(node.textValue());
            case NUMBER -> number(node);
            case BOOLEAN -> ascii(node.booleanValue() ? "true" : "false");
            case NULL, MISSING -> ascii("null");
            // Jackson serializes binary and POJO nodes as text (base64, or the POJO's own form); a model never holds
            // either, but if one did, the canonical form is that text.
            default -> string(node.asText());
        }
    }

    private void object(JsonNode node) throws IOException {
        String[] names = new String[node.size()];
        int n = 0;
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names[n++] = it.next();
        }
        // String's natural order compares UTF-16 code units, the order RFC 8785 prescribes.
        Arrays.sort(names, 0, n);
        byteOut('{');
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                byteOut(',');
            }
            string(names[i]);
            byteOut(':');
            value(node.get(names[i]));
        }
        byteOut('}');
    }

    private void array(JsonNode node) throws IOException {
        byteOut('[');
        for (int i = 0; i < node.size(); i++) {
            if (i > 0) {
                byteOut(',');
            }
            value(node.get(i));
        }
        byteOut(']');
    }

    private void number(JsonNode node) throws IOException {
        double value = node.isIntegralNumber() && node.canConvertToLong()
                && Math.abs(node.longValue()) <= (1L << 53) ? node.longValue()
                : Double.parseDouble(node.asText());
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            // Jackson writes a non-finite double as a quoted string ("Infinity", "NaN") by default, and the
            // canonicalizer then sees a string.
            string(node.asText());
            return;
        }
        ascii(NumberToJSON.serializeNumber(value));
    }

    private void string(String text) throws IOException {
        byteOut('"');
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '"', '\\' -> escape(c);
                    case '\n' -> escape('n');
                    case '\b' -> escape('b');
                    case '\f' -> escape('f');
                    case '\r' -> escape('r');
                    case '\t' -> escape('t');
                    default -> {
                        if (c < 0x20) {
                            byteOut('\\');
                            byteOut('u');
                            byteOut('0');
                            byteOut('0');
                            byteOut(HEX[c >> 4]);
                            byteOut(HEX[c & 0xf]);
                        } else {
                            byteOut(c);
                        }
                    }
                }
            } else if (c < 0x800) {
                byteOut(0xc0 | (c >> 6));
                byteOut(0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, text.charAt(++i));
                byteOut(0xf0 | (cp >> 18));
                byteOut(0x80 | ((cp >> 12) & 0x3f));
                byteOut(0x80 | ((cp >> 6) & 0x3f));
                byteOut(0x80 | (cp & 0x3f));
            } else if (Character.isSurrogate(c)) {
                byteOut('?');
            } else {
                byteOut(0xe0 | (c >> 12));
                byteOut(0x80 | ((c >> 6) & 0x3f));
                byteOut(0x80 | (c & 0x3f));
            }
        }
        byteOut('"');
    }

    private void escape(char c) throws IOException {
        byteOut('\\');
        byteOut(c);
    }

    private void ascii(String text) throws IOException {
        for (int i = 0; i < text.length(); i++) {
            byteOut(text.charAt(i));
        }
    }

    private void byteOut(int b) throws IOException {
        if (used == buffer.length) {
            flush();
        }
        buffer[used++] = (byte) b;
    }

    private void flush() throws IOException {
        out.write(buffer, 0, used);
        used = 0;
    }
}
