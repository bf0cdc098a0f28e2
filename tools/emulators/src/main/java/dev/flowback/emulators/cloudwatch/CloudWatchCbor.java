package dev.flowback.emulators.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Smithy RPC v2 CBOR as CloudWatch's SDK client speaks it: requests are CBOR maps (member names as in the API
 * reference: {@code MetricData}, {@code AlarmName}); numbers arrive as the smallest lossless form (3.0 as int 3),
 * timestamps as tag 1 with epoch seconds. Outputs keep Integer members as CBOR integers (the SDK refuses 60.0 for
 * {@code Period}) and write timestamps as tag 1 + epoch seconds; absent members are left out, never null.
 */
final class CloudWatchCbor {
    static final CBORMapper CBOR = new CBORMapper();

    private CloudWatchCbor() {
    }

    static JsonNode read(byte[] body) {
        try {
            return body.length == 0 ? CBOR.createObjectNode() : CBOR.readTree(body);
        } catch (IOException e) {
            throw CloudWatchFault.invalidValue("the request body is not valid CBOR: " + e.getMessage());
        }
    }

    /** Map, List, String, Boolean, Integer/Long (Integer members), Double, Instant (timestamps) or a Jackson tree. */
    static byte[] write(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator g = (CBORGenerator) CBOR.getFactory().createGenerator(out)) {
            g.setCodec(CBOR);
            write(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(CBORGenerator g, Object v) throws IOException {
        if (v instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (e.getValue() != null) {
                    g.writeFieldName(e.getKey().toString());
                    write(g, e.getValue());
                }
            }
            g.writeEndObject();
        } else if (v instanceof List<?> list) {
            g.writeStartArray();
            for (Object o : list) {
                write(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Integer || v instanceof Long) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof Instant t) {
            g.writeTag(1);
            g.writeNumber(t.toEpochMilli() / 1000.0);
        } else if (v instanceof JsonNode node) {
            CBOR.writeTree(g, node);
        } else {
            throw new IllegalArgumentException("cannot encode " + v.getClass());
        }
    }

    /** A timestamp member: epoch seconds, int or float (Jackson drops tag 1), to the millisecond. */
    static Instant instant(JsonNode node) {
        return Instant.ofEpochMilli(Math.round(node.asDouble() * 1000));
    }
}
