package dev.flowback.core.id;

import dev.flowback.core.error.InvalidInputException;
import java.util.regex.Pattern;

/**
 * A version of a workflow: {@code v} plus a semantic version chosen by the publisher ({@code v1.4.2},
 * {@code v2.0.0-rc.1}), or {@code v} plus the sequence number Flowback assigns when none is given ({@code v17}).
 * The two forms cannot collide, so an assigned id never takes a name a publisher could ask for.
 */
public record VersionId(String value) {
    private static final Pattern SYNTAX = Pattern.compile(
            "^v(?:(?:0|[1-9]\\d{0,8})\\.(?:0|[1-9]\\d{0,8})\\.(?:0|[1-9]\\d{0,8})"
                    + "(?:-[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?"
                    + "|[1-9]\\d{0,17})$");
    public static final String RULE =
            "'v' followed by a semantic version (v1.4.2, v2.0.0-rc.1) or by a sequence number (v17)";

    public VersionId {
        check("version", value);
    }

    public static VersionId of(String value) {
        return new VersionId(value);
    }

    /** The id given in {@code field} of a request, so a syntax error names that field ({@code target_version}). */
    public static VersionId of(String field, String value) {
        check(field, value);
        return new VersionId(value);
    }

    private static void check(String field, String value) {
        Identifiers.require(field, value, SYNTAX, RULE);
        if (value.length() > 64) {
            throw new InvalidInputException("identifier.syntax", field,
                    field + " \"" + Identifiers.printable(value) + "\" is longer than 64 characters");
        }
    }

    /** The id Flowback assigns to the version with this sequence number when the publisher names none. */
    public static VersionId assigned(long sequence) {
        return new VersionId("v" + sequence);
    }

    @Override
    public String toString() {
        return value;
    }
}
