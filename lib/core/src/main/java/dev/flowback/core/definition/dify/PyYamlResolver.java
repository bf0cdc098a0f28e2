package dev.flowback.core.definition.dify;

import java.util.List;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;

/**
 * Decides what a plain scalar is the way PyYAML's {@code yaml.resolver.Resolver} does, which is how Dify reads its
 * DSL ({@code yaml.safe_load}). PyYAML follows YAML 1.1, so {@code 017} is octal 15, {@code 000568} is text,
 * {@code on} is true, {@code 1:30} is 90 and {@code 1e3} is text, where the YAML 1.2 core schema reads 17, 568,
 * "on", "1:30" and 1000.0. The patterns are PyYAML 6.0.2's {@code add_implicit_resolver} calls, copied unchanged;
 * like PyYAML, a scalar is tried only against the resolvers registered for its first character, in registration
 * order. Quoted scalars, block scalars and explicitly tagged ones never get here as plain: they stay text.
 */
final class PyYamlResolver implements ScalarResolver {
    static final Tag TIMESTAMP = new Tag(Tag.PREFIX + "timestamp");
    /** PyYAML resolves a plain {@code =} to this tag and has no constructor for it in its SafeLoader. */
    static final Tag VALUE = new Tag(Tag.PREFIX + "value");

    private static final Pattern BOOL = Pattern.compile(
            "yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF");
    private static final Pattern FLOAT = Pattern.compile(
            "[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?"
                    + "|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
                    + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*"
                    + "|[-+]?\\.(?:inf|Inf|INF)"
                    + "|\\.(?:nan|NaN|NAN)");
    private static final Pattern INT = Pattern.compile(
            "[-+]?0b[0-1_]+"
                    + "|[-+]?0[0-7_]+"
                    + "|[-+]?(?:0|[1-9][0-9_]*)"
                    + "|[-+]?0x[0-9a-fA-F_]+"
                    + "|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+");
    private static final Pattern MERGE = Pattern.compile("<<");
    private static final Pattern NULL = Pattern.compile("~|null|Null|NULL|");
    private static final Pattern TIMESTAMP_FORM = Pattern.compile(
            "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
                    + "|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"
                    + "(?:[Tt]|[ \\t]+)[0-9][0-9]?"
                    + ":[0-9][0-9]:[0-9][0-9](?:\\.[0-9]*)?"
                    + "(?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?");
    private static final Pattern EQUALS = Pattern.compile("=");

    /** A resolver, and the first characters PyYAML registers it for (empty string: the empty scalar). */
    private record Rule(Tag tag, Pattern pattern, String firstCharacters) {
        boolean appliesTo(String value) {
            boolean first = value.isEmpty() ? firstCharacters.contains("\0")
                    : firstCharacters.indexOf(value.charAt(0)) >= 0;
            return first && pattern.matcher(value).matches();
        }
    }

    /** In PyYAML's registration order, which decides between rules that share a first character. */
    private static final List<Rule> RULES = List.of(
            new Rule(Tag.BOOL, BOOL, "yYnNtTfFoO"),
            new Rule(Tag.FLOAT, FLOAT, "-+0123456789."),
            new Rule(Tag.INT, INT, "-+0123456789"),
            new Rule(Tag.MERGE, MERGE, "<"),
            new Rule(Tag.NULL, NULL, "~nN\0"),
            new Rule(TIMESTAMP, TIMESTAMP_FORM, "0123456789"),
            new Rule(VALUE, EQUALS, "="));

    @Override
    public Tag resolve(String value, Boolean implicit) {
        if (!implicit) {
            return Tag.STR;
        }
        for (Rule rule : RULES) {
            if (rule.appliesTo(value)) {
                return rule.tag();
            }
        }
        return Tag.STR;
    }
}
