package dev.flowback.core.definition.dify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowback.core.definition.DefinitionLimits;
import dev.flowback.core.error.InvalidInputException;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.DuplicateKeyException;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads untrusted YAML into a Jackson tree, refusing everything that could hurt or mislead:
 * <ul>
 *   <li>duplicate keys (a reviewer would see one value and Dify use the other);</li>
 *   <li>more than {@value #MAX_ALIASES} aliases, and any alias use that expands the document past
 *       {@link YamlTree#expansionBudget(int)} (billion laughs);</li>
 *   <li>recursion through aliases, and nesting deeper than {@value #MAX_DEPTH} (Dify exports nest about 11);</li>
 *   <li>more code points than {@link DefinitionLimits#MAX_DOCUMENT_BYTES};</li>
 *   <li>more than one document, and any tag or value JSON cannot hold;</li>
 *   <li>two merge keys ({@code <<}) in one mapping, where PyYAML lets the last win and snakeyaml the first.</li>
 * </ul>
 * Plain scalars resolve as Dify resolves them ({@link PyYamlSchema}): Dify reads and writes its DSL with PyYAML,
 * which follows YAML 1.1, and its writer leaves unquoted what YAML 1.1 reads as text, such as {@code 000568} or
 * {@code 1e3}, which YAML 1.2 would read as numbers.
 */
final class SafeYaml {
    static final int MAX_ALIASES = 20;
    static final int MAX_DEPTH = 64;

    /**
     * snakeyaml re-copies its read buffer while it scans a long scalar, so the default 1 KiB buffer makes one long
     * prompt or code block quadratic: a 5 MiB scalar takes about 3 s per pass. With 1 MiB it takes milliseconds.
     */
    private static final int READ_BUFFER_CHARS = 1024 * 1024;

    private static final LoadSettings SETTINGS = LoadSettings.builder()
            .setLabel("definition")
            .setBufferSize(READ_BUFFER_CHARS)
            .setAllowDuplicateKeys(false)
            .setAllowRecursiveKeys(false)
            .setAllowNonScalarKeys(false)
            .setMaxAliasesForCollections(MAX_ALIASES)
            .setCodePointLimit(DefinitionLimits.MAX_DOCUMENT_BYTES)
            .setSchema(new PyYamlSchema())
            .setUseMarks(true)
            .build();

    private SafeYaml() {
    }

    static JsonNode read(DslSource source) {
        checkShape(source);
        Object loaded;
        try {
            loaded = new Load(SETTINGS).loadFromString(source.text());
        } catch (YamlEngineException e) {
            throw translate(e, source);
        }
        return YamlTree.toJson(loaded, source);
    }

    /**
     * A first pass over the event stream, which snakeyaml parses without recursion: it bounds nesting before the
     * recursive composer could overflow the stack, counts every alias (the composer counts only aliases of
     * collections), and finds a second merge key in a mapping before the composer merges both away.
     */
    private static void checkShape(DslSource source) {
        int depth = 0;
        int aliases = 0;
        MergeKeys merges = new MergeKeys();
        try {
            for (Event event : new Parse(SETTINGS).parseString(source.text())) {
                switch (event.getEventId()) {
                    case MappingStart, SequenceStart -> depth++;
                    case MappingEnd, SequenceEnd -> depth--;
                    case Alias -> aliases++;
                    default -> {
                    }
                }
                if (merges.repeatedBy(event)) {
                    throw new InvalidInputException("yaml.duplicate-key", source.field(), source.subject()
                            + " repeats the key \"<<\"" + at(event.getStartMark()) + ": two merge keys in one "
                            + "mapping let Dify take one and a reviewer read the other");
                }
                if (depth > MAX_DEPTH) {
                    throw new InvalidInputException("yaml.depth", source.field(), source.subject()
                            + " nests deeper than " + MAX_DEPTH + " levels" + at(event.getStartMark())
                            + "; a Dify DSL nests about a dozen");
                }
                if (aliases > MAX_ALIASES) {
                    throw aliasAbuse(source, "uses more than " + MAX_ALIASES + " aliases" + at(event.getStartMark()));
                }
            }
        } catch (YamlEngineException e) {
            throw translate(e, source);
        }
    }

    static InvalidInputException aliasAbuse(DslSource source, String what) {
        return new InvalidInputException("yaml.aliases", source.field(), source.subject() + " " + what
                + ": YAML anchors and aliases (&name, *name) are limited so a small document cannot expand into a "
                + "huge one (a \"billion laughs\" YAML bomb); Dify's own exports use none");
    }

    private static InvalidInputException translate(YamlEngineException e, DslSource source) {
        if (e instanceof DuplicateKeyException d) {
            String key = d.getProblem().replaceFirst("^found duplicate key ", "").strip();
            return new InvalidInputException("yaml.duplicate-key", source.field(), source.subject()
                    + " repeats the key \""
                    + key + "\"" + at(d.getProblemMark()) + ": two values for one key would let a reviewer see one "
                    + "and Dify use the other");
        }
        if (e instanceof MarkedYamlEngineException m) {
            String problem = m.getProblem() == null ? "" : m.getProblem().strip();
            if (problem.startsWith("but found another document")) {
                return new InvalidInputException("yaml.several-documents", source.field(), source.subject()
                        + " holds more than one YAML document (another starts" + at(m.getProblemMark())
                        + "); a Dify DSL is exactly one");
            }
            String context = m.getContext() == null || m.getContext().isBlank() ? ""
                    : " (" + m.getContext().strip() + m.getContextMark().map(c -> " that starts" + at(Optional.of(c)))
                            .orElse("") + ")";
            return new InvalidInputException("document.malformed", source.field(), source.subject()
                    + " is not valid YAML" + at(m.getProblemMark()) + ": " + problem + context);
        }
        if (e instanceof ReaderException r) {
            return new InvalidInputException("document.malformed", source.field(), source.subject()
                    + " is not valid YAML" + atOffset(source.text(), r.getPosition()) + ": it contains the character U+"
                    + String.format("%04X", r.getCodePoint()) + ", which YAML does not allow");
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("exceeds the limit")) {
            return new InvalidInputException("document.size", source.field(), source.subject() + " has more than "
                    + DefinitionLimits.MAX_DOCUMENT_BYTES + " characters; the limit is 10 MiB");
        }
        if (message.contains("aliases")) {
            return aliasAbuse(source, "uses more than " + MAX_ALIASES + " aliases of collections");
        }
        if (message.contains("Non scalar key")) {
            return new InvalidInputException("yaml.key-type", source.field(), source.subject()
                    + " uses a list or a mapping as a key; keys must be plain text");
        }
        return new InvalidInputException("document.malformed", source.field(), source.subject()
                + " is not valid YAML: " + message);
    }

    /** Marks count from zero; people count lines and columns from one. */
    private static String at(Optional<Mark> mark) {
        return mark.map(m -> " at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1)).orElse("");
    }

    private static String atOffset(String text, int codePointOffset) {
        int line = 1;
        int column = 1;
        int seen = 0;
        for (int i = 0; i < text.length() && seen < codePointOffset; i += Character.charCount(text.codePointAt(i)),
                seen++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return " at line " + line + ", column " + column;
    }
}
