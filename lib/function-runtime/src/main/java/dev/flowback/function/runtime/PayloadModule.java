package dev.flowback.function.runtime;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.flowback.core.chain.model.RollbackTrigger;
import dev.flowback.core.definition.ContentHash;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.id.EnvironmentName;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.VersionRef;
import dev.flowback.core.id.WorkflowId;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The core's value types as JSON strings, registered once with the payload mapper: identifiers and version
 * references as written ({@code v1.4.2}, {@code last-known-good}), hashes as hex, instants as ISO-8601, the trigger
 * by its wire name. A value that does not parse is refused naming the JSON field it came from.
 */
final class PayloadModule extends SimpleModule {
    private static final long serialVersionUID = 1L;

    PayloadModule() {
        super("flowback-payloads");
        text(WorkflowId.class, WorkflowId::value, (field, s) -> WorkflowId.of(s));
        text(EnvironmentName.class, EnvironmentName::value, (field, s) -> EnvironmentName.of(s));
        text(VersionId.class, VersionId::value, (field, s) -> VersionId.of(s));
        text(VersionRef.class, VersionRef::toString, VersionRef::parse);
        text(ContentHash.class, ContentHash::hex, (field, s) -> parsed(field, s, ContentHash::new,
                "a SHA-256 as 64 lower-case hex characters"));
        text(Instant.class, Instant::toString, (field, s) -> parsed(field, s, Instant::parse,
                "an ISO-8601 instant such as 2026-11-26T10:00:00Z"));
        text(RollbackTrigger.class, RollbackTrigger::wireName, (field, s) -> RollbackTrigger.fromWire(s)
                .orElseThrow(() -> new InvalidInputException("field.syntax", field, field
                        + " must be alarm, api or manual")));
    }

    private <T> void text(Class<T> type, Function<T, String> write, BiFunction<String, String, T> read) {
        addSerializer(type, new JsonSerializer<>() {
            @Override
            public void serialize(T value, JsonGenerator out, SerializerProvider provider) throws IOException {
                out.writeString(write.apply(value));
            }
        });
        addDeserializer(type, new JsonDeserializer<>() {
            @Override
            public T deserialize(JsonParser in, DeserializationContext context) throws IOException {
                String field = in.currentName() == null ? "input" : in.currentName();
                if (in.currentToken() != JsonToken.VALUE_STRING) {
                    throw new InvalidInputException("field.type", field, field + " must be a string");
                }
                return read.apply(field, in.getText());
            }
        });
    }

    private static <T> T parsed(String field, String text, Function<String, T> parse, String rule) {
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new InvalidInputException("field.syntax", field, field + " must be " + rule);
        }
    }
}
