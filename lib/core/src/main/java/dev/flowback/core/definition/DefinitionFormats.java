package dev.flowback.core.definition;

import dev.flowback.core.definition.dify.DifyDslFormat;
import dev.flowback.core.definition.flowback.FlowbackJsonFormat;
import dev.flowback.core.error.InvalidInputException;
import java.util.List;
import java.util.stream.Collectors;

/** The formats Flowback knows, and the choice of one for a document. */
public final class DefinitionFormats {
    private final List<DefinitionFormat> formats;

    public DefinitionFormats(List<DefinitionFormat> formats) {
        this.formats = List.copyOf(formats);
    }

    /**
     * Every format Flowback ships, Flowback's own JSON first. Detection is unambiguous in this order: Flowback JSON
     * claims JSON objects except Dify's export envelope {@code {"data": ...}}; Dify claims that envelope and YAML
     * with a top-level {@code app:}, {@code workflow:} or {@code kind: app}.
     */
    public static DefinitionFormats standard() {
        return new DefinitionFormats(List.of(new FlowbackJsonFormat(), new DifyDslFormat()));
    }

    /** Size check, format detection and parse, in that order: the size check comes before any parsing. */
    public ParsedDefinition parse(byte[] document) {
        checkSize(document.length);
        DefinitionFormat format = formats.stream()
                .filter(f -> f.recognizes(document))
                .findFirst()
                .orElseThrow(() -> new InvalidInputException("document.format", "definition",
                        "the definition is in no known format (known: " + names()
                                + "); expected Flowback JSON with a \"schemaVersion\" or a Dify app DSL export"));
        return ParsedDefinition.of(format, format.read(document));
    }

    /** Parses a stored document with the format recorded at publish time. */
    public ParsedDefinition parse(String formatName, byte[] document) {
        DefinitionFormat format = byName(formatName);
        return ParsedDefinition.of(format, format.read(document));
    }

    public DefinitionFormat byName(String name) {
        return formats.stream()
                .filter(f -> f.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new InvalidInputException("document.format", "format",
                        "unknown definition format '" + name + "' (known: " + names() + ")"));
    }

    public static void checkSize(long size) {
        if (size > DefinitionLimits.MAX_DOCUMENT_BYTES) {
            throw new InvalidInputException("document.size", "definition", "the definition is " + size
                    + " bytes; the limit is " + DefinitionLimits.MAX_DOCUMENT_BYTES + " bytes (10 MiB)");
        }
        if (size == 0) {
            throw new InvalidInputException("document.empty", "definition", "the definition is empty");
        }
    }

    private String names() {
        return formats.stream().map(DefinitionFormat::name).collect(Collectors.joining(", "));
    }
}
