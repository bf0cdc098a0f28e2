package dev.flowback.core.definition.dify;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.flowback.core.definition.Json;
import dev.flowback.core.error.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The YAML text of a Dify DSL document, taken either straight from the published bytes or out of the JSON
 * envelope {@code {"data": "<yaml>"}} that Dify's export API returns. The envelope is transport only: the model,
 * and so the fingerprint, come from the YAML inside it, so an export saved either way fingerprints the same.
 *
 * @param text    the YAML
 * @param subject how messages name it ("the definition", or the envelope's "data")
 * @param field   the field problems point at
 */
record DslSource(String text, String subject, String field) {
    private static final Pattern JSON_OBJECT = Pattern.compile("^\\uFEFF?\\s*\\{");
    private static final Pattern ENVELOPE = Pattern.compile("^\\uFEFF?\\s*\\{\\s*\"data\"\\s*:");
    /** A top-level {@code app:} or {@code workflow:} key, or {@code kind: app}, at the start of a line. */
    private static final Pattern DIFY_TOP_LEVEL_KEY = Pattern.compile(
            "^(?:(?:app|workflow)[ \\t]*:(?:[ \\t]|$)|kind[ \\t]*:[ \\t]*['\"]?app['\"]?[ \\t]*(?:#.*)?$)",
            Pattern.MULTILINE);
    /** Dify writes keys sorted, so {@code app:} is the first line; hand-written files may open with comments. */
    private static final int RECOGNITION_WINDOW = 64 * 1024;

    /**
     * The export envelope, or YAML with a Dify top-level key. Any other JSON object is left to Flowback's own
     * JSON format, which claims every JSON object except the envelope.
     */
    static boolean looksLikeDify(byte[] document) {
        String head = new String(document, 0, Math.min(document.length, 256), StandardCharsets.UTF_8);
        if (ENVELOPE.matcher(head).lookingAt()) {
            return true;
        }
        if (JSON_OBJECT.matcher(head).lookingAt()) {
            return false;
        }
        String window = new String(document, 0, Math.min(document.length, RECOGNITION_WINDOW), StandardCharsets.UTF_8);
        return DIFY_TOP_LEVEL_KEY.matcher(window).find();
    }

    static DslSource of(byte[] document) {
        String head = new String(document, 0, Math.min(document.length, 256), StandardCharsets.UTF_8);
        if (ENVELOPE.matcher(head).lookingAt()) {
            return fromEnvelope(document);
        }
        return new DslSource(stripByteOrderMark(decodeUtf8(document)), "the definition", "definition");
    }

    private static DslSource fromEnvelope(byte[] document) {
        JsonNode envelope;
        try {
            envelope = Json.MAPPER.readTree(document);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new InvalidInputException("document.malformed", "definition",
                    "the Dify export envelope is not valid JSON" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidInputException("document.malformed", "definition",
                    "the Dify export envelope cannot be read: " + e);
        }
        // Exactly {"data": "<yaml>"}: anything else beside it would be stored yet belong to no model.
        if (!envelope.isObject() || envelope.size() != 1 || !envelope.path("data").isTextual()) {
            throw new InvalidInputException("envelope.shape", "data", "a Dify export envelope must be exactly "
                    + "{\"data\": \"<the app's YAML>\"}, as Dify's export API returns it");
        }
        return new DslSource(stripByteOrderMark(envelope.get("data").asText()),
                "the DSL in the export envelope's \"data\"", "data");
    }

    /** Strict UTF-8: a stray byte is an error naming its offset, never a silent replacement character. */
    private static String decodeUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new InvalidInputException("document.encoding", "definition",
                    "the definition is not UTF-8 text: the byte at offset " + in.position() + " cannot be decoded");
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    private static String stripByteOrderMark(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}
