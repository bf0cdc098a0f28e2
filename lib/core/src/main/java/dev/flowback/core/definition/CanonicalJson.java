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
    private static final int CHUNK = 2048;

    private final byte[] buffer = new byte[8192];
    private final char[] chars = new char[CHUNK + 1];
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

    /**
     * Writes the model as Jackson serializes it (its records' components by name, nulls included), canonically and
     * without building a tree of it: members in canonical order, written straight from the records, and the
     * parameter and section nodes walked where they are.
     */
    static void write(WorkflowModel model, OutputStream out) throws IOException {
        CanonicalJson w = new CanonicalJson(out);
        w.key('{', "edges");
        w.byteOut('[');
        for (int i = 0; i < model.edges().size(); i++) {
            ModelEdge edge = model.edges().get(i);
            if (i > 0) {
                w.byteOut(',');
            }
            w.key('{', "condition");
            w.string(edge.condition());
            w.key(',', "from");
            w.string(edge.from());
            w.key(',', "to");
            w.string(edge.to());
            w.byteOut('}');
        }
        w.byteOut(']');
        w.key(',', "engine");
        if (model.engine() == null) {
            w.ascii("null");
        } else {
            w.key('{', "name");
            w.string(model.engine().name());
            w.key(',', "versionRange");
            w.string(model.engine().versionRange());
            w.byteOut('}');
        }
        w.key(',', "format");
        w.nullable(model.format());
        w.key(',', "nodes");
        w.byteOut('[');
        for (int i = 0; i < model.nodes().size(); i++) {
            ModelNode node = model.nodes().get(i);
            if (i > 0) {
                w.byteOut(',');
            }
            w.key('{', "id");
            w.string(node.id());
            w.key(',', "params");
            w.value(node.params());
            w.key(',', "title");
            w.string(node.title());
            w.key(',', "type");
            w.string(node.type());
            w.byteOut('}');
        }
        w.byteOut(']');
        w.key(',', "resources");
        w.byteOut('[');
        for (int i = 0; i < model.resources().size(); i++) {
            ResourceRef resource = model.resources().get(i);
            if (i > 0) {
                w.byteOut(',');
            }
            w.key('{', "sha256");
            w.string(resource.sha256());
            w.key(',', "uri");
            w.string(resource.uri());
            w.key(',', "version");
            w.string(resource.version());
            w.byteOut('}');
        }
        w.byteOut(']');
        w.key(',', "schemaVersion");
        w.nullable(model.schemaVersion());
        w.key(',', "sections");
        // The model keeps its sections in a TreeMap of String keys: already in canonical (UTF-16) order.
        char before = '{';
        for (var section : model.sections().entrySet()) {
            w.key(before, section.getKey());
            before = ',';
            if (section.getValue() == null) {
                w.ascii("null");
            } else {
                w.value(section.getValue());
            }
        }
        if (before == '{') {
            w.byteOut('{');
        }
        w.byteOut('}');
        w.byteOut('}');
        w.flush();
    }

    private void key(char before, String name) throws IOException {
        byteOut(before);
        string(name);
        byteOut(':');
    }

    private void nullable(String text) throws IOException {
        if (text == null) {
            ascii("null");
        } else {
            string(text);
        }
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
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            // A whole number this small is its plain decimal digits in ECMAScript's form; -0 is written as 0.
            long whole = (long) value;
            if (whole < 0) {
                byteOut('-');
                whole = -whole;
            }
            digits(whole);
            return;
        }
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            // Jackson writes a non-finite double as a quoted string ("Infinity", "NaN") by default, and the
            // canonicalizer then sees a string.
            string(node.asText());
            return;
        }
        ascii(NumberToJSON.serializeNumber(value));
    }

    private void digits(long whole) throws IOException {
        if (whole >= 10) {
            digits(whole / 10);
        }
        byteOut('0' + (int) (whole % 10));
    }

    private void string(String text) throws IOException {
        byteOut('"');
        int length = text.length();
        int from = 0;
        while (from < length) {
            // A chunk at a time into a char array: a plain array loop, rather than charAt's checks on every char.
            int to = Math.min(length, from + CHUNK);
            // A surrogate pair cut by the chunk's end stays whole: the chunk takes one char more (there is room).
            if (to < length && Character.isHighSurrogate(text.charAt(to - 1))) {
                to++;
            }
            text.getChars(from, to, chars, 0);
            encode(chars, to - from);
            from = to;
        }
        byteOut('"');
    }

    private void encode(char[] text, int length) throws IOException {
        byte[] out = buffer;
        int at = used;
        for (int i = 0; i < length; i++) {
            if (at + 6 > out.length) {
                used = at;
                flush();
                at = 0;
            }
            // Most of a prompt is plain ASCII: copy a run of it in a tight loop before looking at anything else.
            int room = Math.min(length, i + out.length - at - 6);
            char c = text[i];
            while (c >= 0x20 && c < 0x80 && c != '"' && c != '\\' && i < room) {
                out[at++] = (byte) c;
                c = ++i < length ? text[i] : 0;
            }
            if (i >= length) {
                break;
            }
            if (at + 6 > out.length) {
                used = at;
                flush();
                at = 0;
            }
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                out[at++] = (byte) c;
            } else if (c < 0x80) {
                out[at++] = '\\';
                switch (c) {
                    case '"', '\\' -> out[at++] = (byte) c;
                    case '\n' -> out[at++] = 'n';
                    case '\b' -> out[at++] = 'b';
                    case '\f' -> out[at++] = 'f';
                    case '\r' -> out[at++] = 'r';
                    case '\t' -> out[at++] = 't';
                    default -> {
                        out[at++] = 'u';
                        out[at++] = '0';
                        out[at++] = '0';
                        out[at++] = HEX[c >> 4];
                        out[at++] = HEX[c & 0xf];
                    }
                }
            } else if (c < 0x800) {
                out[at++] = (byte) (0xc0 | (c >> 6));
                out[at++] = (byte) (0x80 | (c & 0x3f));
            } else if (!Character.isSurrogate(c)) {
                out[at++] = (byte) (0xe0 | (c >> 12));
                out[at++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                out[at++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c) && i + 1 < length
                    && Character.isLowSurrogate(text[i + 1])) {
                int cp = Character.toCodePoint(c, text[++i]);
                out[at++] = (byte) (0xf0 | (cp >> 18));
                out[at++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                out[at++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                out[at++] = (byte) (0x80 | (cp & 0x3f));
            } else {
                out[at++] = '?';
            }
        }
        used = at;
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
