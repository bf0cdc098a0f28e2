package dev.flowback.core.definition.dify;

import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.constructor.json.ConstructYamlBinary;
import org.snakeyaml.engine.v2.exceptions.ConstructorException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.Schema;

/**
 * The scalars of PyYAML's SafeLoader, which Dify reads its DSL with: {@link PyYamlResolver} decides the type of a
 * plain scalar, and the constructors here give it the value PyYAML's {@code SafeConstructor} gives it
 * ({@code construct_yaml_bool}, {@code _int}, {@code _float}, {@code _null} of PyYAML 6.0.2): underscores dropped,
 * {@code 0b} binary, {@code 0x} hexadecimal, a leading {@code 0} octal, {@code :} base 60.
 *
 * <p>Two kinds of value have no JSON form and are handed on as markers for {@link YamlTree} to refuse with the
 * path: a timestamp (PyYAML builds a date) and a plain {@code =} (PyYAML cannot construct it; as a key it is text).
 */
final class PyYamlSchema implements Schema {
    /** A plain scalar PyYAML turns into a date or a datetime. */
    record Timestamp(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    /** A plain {@code =}: text as a mapping key, unreadable as a value. */
    record PlainEquals() {
        @Override
        public String toString() {
            return "=";
        }
    }

    private static final ScalarResolver RESOLVER = new PyYamlResolver();

    private static final Map<Tag, ConstructNode> CONSTRUCTORS = Map.of(
            Tag.NULL, node -> null,
            Tag.BOOL, node -> bool(scalar(node), node),
            Tag.INT, node -> integer(scalar(node), node),
            Tag.FLOAT, node -> floating(scalar(node), node),
            Tag.BINARY, new ConstructYamlBinary(),
            PyYamlResolver.TIMESTAMP, node -> new Timestamp(scalar(node)),
            PyYamlResolver.VALUE, node -> new PlainEquals());

    @Override
    public ScalarResolver getScalarResolver() {
        return RESOLVER;
    }

    @Override
    public Map<Tag, ConstructNode> getSchemaTagConstructors() {
        return CONSTRUCTORS;
    }

    private static String scalar(Node node) {
        if (!(node instanceof ScalarNode scalar)) {
            throw unreadable(node, "a " + node.getTag() + " must be a scalar");
        }
        return scalar.getValue();
    }

    /** {@code bool_values[value.lower()]}. */
    private static Boolean bool(String value, Node node) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "yes", "true", "on" -> Boolean.TRUE;
            case "no", "false", "off" -> Boolean.FALSE;
            default -> throw unreadable(node, "'" + value + "' is not a boolean");
        };
    }

    /** {@code construct_yaml_int}: Python ints have no size limit, so large ones stay exact. */
    static Number integer(String text, Node node) {
        String value = text.replace("_", "");
        int sign = value.startsWith("-") ? -1 : 1;
        if (value.startsWith("-") || value.startsWith("+")) {
            value = value.substring(1);
        }
        BigInteger magnitude;
        try {
            if (value.equals("0")) {
                magnitude = BigInteger.ZERO;
            } else if (value.startsWith("0b")) {
                magnitude = new BigInteger(value.substring(2), 2);
            } else if (value.startsWith("0x")) {
                magnitude = new BigInteger(value.substring(2), 16);
            } else if (value.startsWith("0")) {
                magnitude = new BigInteger(value, 8);
            } else if (value.contains(":")) {
                magnitude = BigInteger.ZERO;
                for (String digit : value.split(":")) {
                    magnitude = magnitude.multiply(BigInteger.valueOf(60)).add(new BigInteger(digit));
                }
            } else {
                magnitude = new BigInteger(value);
            }
        } catch (NumberFormatException e) {
            // PyYAML's int() fails the same way, for example on 0x_ (a hexadecimal prefix with no digit).
            throw unreadable(node, "'" + text + "' is not a number PyYAML can read");
        }
        BigInteger result = sign < 0 ? magnitude.negate() : magnitude;
        return result.bitLength() < Long.SIZE ? (Number) result.longValue() : result;
    }

    /** {@code construct_yaml_float}, summing base-60 digits from the last one as PyYAML does. */
    static Double floating(String text, Node node) {
        String value = text.replace("_", "").toLowerCase(java.util.Locale.ROOT);
        double sign = value.startsWith("-") ? -1 : 1;
        if (value.startsWith("-") || value.startsWith("+")) {
            value = value.substring(1);
        }
        try {
            if (value.equals(".inf")) {
                return sign * Double.POSITIVE_INFINITY;
            }
            if (value.equals(".nan")) {
                return Double.NaN;
            }
            if (value.contains(":")) {
                String[] digits = value.split(":");
                double sum = 0.0;
                double base = 1;
                for (int i = digits.length - 1; i >= 0; i--) {
                    sum += Double.parseDouble(digits[i]) * base;
                    base *= 60;
                }
                return sign * sum;
            }
            return sign * Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw unreadable(node, "'" + text + "' is not a number PyYAML can read");
        }
    }

    private static ConstructorException unreadable(Node node, String problem) {
        return new ConstructorException(null, Optional.empty(), problem, node.getStartMark());
    }
}
