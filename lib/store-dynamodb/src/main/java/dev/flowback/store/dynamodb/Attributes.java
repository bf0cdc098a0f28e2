package dev.flowback.store.dynamodb;

import dev.flowback.core.definition.ContentHash;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.error.StorageFailureException;
import dev.flowback.core.id.VersionId;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The one place that writes and reads Flowback's DynamoDB attribute values, by hand (no reflection on the Lambda
 * path). Readers answer null for an absent attribute and name the attribute when a stored value does not parse: a
 * damaged item is a StorageFailureException saying which item and attribute, never a bare parse error.
 */
final class Attributes {
    private Attributes() {
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    /** The text, or null when absent. */
    static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    /** The text, or "" when absent: for optional text the record keeps as empty. */
    static String textOrEmpty(Map<String, AttributeValue> item, String name) {
        String value = text(item, name);
        return value == null ? "" : value;
    }

    /** The whole number, or 0 when absent. */
    static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : parsed(item, name, value.n(), Long::parseLong);
    }

    static double decimal(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : parsed(item, name, value.n(), Double::parseDouble);
    }

    static VersionId version(Map<String, AttributeValue> item, String name) {
        return parsed(item, name, text(item, name), VersionId::of);
    }

    static ContentHash hash(Map<String, AttributeValue> item, String name) {
        return parsed(item, name, text(item, name), ContentHash::new);
    }

    /** An ISO-8601 instant. */
    static Instant instant(Map<String, AttributeValue> item, String name) {
        return parsed(item, name, text(item, name), Instant::parse);
    }

    /** An instant stored as epoch milliseconds (numbers compare in condition expressions). */
    static Instant epochMillis(Map<String, AttributeValue> item, String name) {
        return item.containsKey(name) ? Instant.ofEpochMilli(number(item, name)) : null;
    }

    /** Applies {@code parse} to a present value; a value that does not parse names the item and attribute. */
    static <T> T parsed(Map<String, AttributeValue> item, String name, String value, Function<String, T> parse) {
        if (value == null) {
            return null;
        }
        try {
            return parse.apply(value);
        } catch (InvalidInputException | IllegalArgumentException | DateTimeParseException e) {
            throw new StorageFailureException("stored item " + text(item, FlowbackTable.PK) + " / "
                    + text(item, FlowbackTable.SK) + " is damaged: attribute " + name + " does not parse ("
                    + e.getMessage() + ")", e);
        }
    }
}
