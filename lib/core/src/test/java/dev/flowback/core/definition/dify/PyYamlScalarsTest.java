package dev.flowback.core.definition.dify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowback.core.definition.Json;
import dev.flowback.core.error.InvalidInputException;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Plain scalars read as Dify reads them: Dify loads its DSL with PyYAML's {@code yaml.safe_load}, which resolves
 * plain scalars by YAML 1.1 rules, not the YAML 1.2 core schema.
 *
 * <p>Every expected value below was produced by PyYAML 6.0.2 {@code yaml.safe_load("v: <scalar>")} (Python 3.11), in
 * a throwaway venv; the build never runs Python. {@code refused} marks what PyYAML turns into something a workflow
 * cannot hold (a date) or cannot read at all (a plain {@code =}).
 */
class PyYamlScalarsTest {

    /** One row per rule where YAML 1.1 as PyYAML applies it and the YAML 1.2 core schema disagree. */
    @ParameterizedTest(name = "{0} is {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # leading zeros: octal when every digit is 0-7, else text (YAML 1.2: decimal)
            000568                | str   | 000568
            09                    | str   | 09
            017                   | int   | 15
            -017                  | int   | -15
            0567                  | int   | 375
            # booleans: yes/no/on/off in three spellings (y and n stay text: PyYAML leaves them out)
            yes                   | bool  | true
            Yes                   | bool  | true
            YES                   | bool  | true
            no                    | bool  | false
            No                    | bool  | false
            NO                    | bool  | false
            on                    | bool  | true
            On                    | bool  | true
            ON                    | bool  | true
            off                   | bool  | false
            Off                   | bool  | false
            OFF                   | bool  | false
            # sexagesimal (base 60)
            1:30                  | int   | 90
            1:30:00               | int   | 5400
            -1:30                 | int   | -90
            190:20:30             | int   | 685230
            1:30.5                | float | 90.5
            # binary, signed hexadecimal, 0o (not octal in 1.1)
            0b101                 | int   | 5
            -0b101                | int   | -5
            -0x1F                 | int   | -31
            0x_1F                 | int   | 31
            0o17                  | str   | 0o17
            # underscores as digit separators
            1_000                 | int   | 1000
            -1_000                | int   | -1000
            0_7                   | int   | 7
            1_000.5               | float | 1000.5
            # floats need a dot, and an exponent needs its sign
            1e3                   | str   | 1e3
            1E3                   | str   | 1E3
            1e-3                  | str   | 1e-3
            1.0e3                 | str   | 1.0e3
            -.5                   | str   | -.5
            +.5                   | str   | +.5
            # timestamps become dates, which a workflow cannot hold; a plain = has no constructor in PyYAML
            2024-01-15            | refused | yaml.value-type
            2024-01-15T10:20:30Z  | refused | yaml.value-type
            =                     | refused | yaml.value-type
            """)
    void readsAsPyYamlWhereYaml12Differs(String scalar, String type, String expected) {
        assertValue(scalar, type, expected);
        assertNotEquals(normalized(yaml12("v: " + scalar + "\n")), normalized(readOrNull("v: " + scalar + "\n")),
                "a row here must be one where YAML 1.2 reads otherwise");
    }

    /** Where both agree; a few of these are where a hand-written 1.1 rule easily goes wrong. */
    @ParameterizedTest(name = "{0} is {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            y                     | str   | y
            n                     | str   | n
            Y                     | str   | Y
            yEs                   | str   | yEs
            true                  | bool  | true
            False                 | bool  | false
            ~                     | null  | ''
            null                  | null  | ''
            ''                    | null  | ''
            0                     | int   | 0
            -0                    | int   | 0
            +1                    | int   | 1
            0x1F                  | int   | 31
            0X1F                  | str   | 0X1F
            12345678901234567890  | int   | 12345678901234567890
            0:30                  | str   | 0:30
            1:60                  | str   | 1:60
            1.5                   | float | 1.5
            .5                    | float | 0.5
            5.                    | float | 5.0
            1.0e+3                | float | 1000.0
            1.5E-3                | float | 0.0015
            -0.0                  | float | -0.0
            2024-1-5              | str   | 2024-1-5
            .inf                  | refused | yaml.value-type
            """)
    void readsAsPyYamlWhereBothAgree(String scalar, String type, String expected) {
        assertValue(scalar, type, expected);
    }

    @ParameterizedTest(name = "quoted {0} stays text")
    @CsvSource(delimiter = '|', textBlock = """
            000568
            017
            yes
            off
            1:30
            0b101
            1_000
            1e3
            2024-01-15
            =
            <<
            ~
            """)
    void aQuotedScalarIsAlwaysText(String scalar) {
        assertEquals(scalar, read("v: '" + scalar + "'\n").get("v").asText());
        assertTrue(read("v: \"" + scalar + "\"\n").get("v").isTextual());
        assertEquals(scalar, read("v: |-\n  " + scalar + "\n").get("v").asText());
    }

    @Test
    void aKeyPyYamlReadsAsABooleanIsNotText() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> read("on: 1\n"));
        assertEquals("yaml.key-type", e.problems().get(0).rule());
        assertEquals("x", read("'on': x\n").path("on").asText());
    }

    @Test
    void anEqualsSignIsTextAsAKey() {
        // PyYAML's flatten_mapping turns a key of tag:yaml.org,2002:value into text.
        assertEquals(1, read("m: {=: 1}\n").path("m").path("=").asInt());
    }

    @Test
    void mergeKeysMergeAsInPyYaml() {
        // PyYAML 6.0.2 safe_load: {'m': {'x': 1, 'y': 3}} and {'m': {'x': 1, 'z': 2}}; a quoted '<<' is a plain key.
        assertEquals(json("{'x': 1, 'y': 3}"), normalized(read("b: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n").get("m")));
        assertEquals(json("{'x': 1, 'z': 2}"), normalized(read("a: &a {x: 1}\nb: &b {x: 2, z: 2}\nm: {<<: [*a, *b]}\n")
                .get("m")));
        assertEquals(json("{'<<': {'x': 1}}"), normalized(read("a: &a {x: 1}\nm: {'<<': *a}\n").get("m")));
    }

    @Test
    void twoMergeKeysInOneMappingAreRefused() {
        // PyYAML lets the second win ({'m': {'x': 2}}), snakeyaml the first: a duplicate key either way.
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> read("a: &a {x: 1}\nb: &b {x: 2}\nm:\n  <<: *a\n  <<: *b\n"));
        assertEquals("yaml.duplicate-key", e.problems().get(0).rule());
        assertTrue(e.getMessage().startsWith("the definition repeats the key \"<<\" at line 5, column 3"),
                e.getMessage());
    }

    @Test
    void aTimestampIsRefusedWithHowToKeepItText() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> read("a:\n  since: 2024-01-15\n"));
        assertEquals("a.since", e.problems().get(0).field());
        assertEquals("the value at a.since is 2024-01-15, which Dify's YAML reader (PyYAML, YAML 1.1) turns into a "
                + "date that a workflow cannot hold; quote it ('2024-01-15') to keep it as text", e.getMessage());
    }

    private static void assertValue(String scalar, String type, String expected) {
        String doc = "v: " + (scalar == null ? "" : scalar) + "\n";
        if (type.equals("refused")) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> read(doc));
            assertEquals(expected, e.problems().get(0).rule(), e.getMessage());
            return;
        }
        JsonNode v = read(doc).get("v");
        switch (type) {
            case "str" -> assertEquals(Json.MAPPER.getNodeFactory().textNode(expected), v);
            case "int" -> {
                assertTrue(v.isIntegralNumber(), v::toString);
                assertEquals(new BigInteger(expected), v.bigIntegerValue());
            }
            case "float" -> {
                assertTrue(v.isFloatingPointNumber(), v::toString);
                assertEquals(0, Double.compare(Double.parseDouble(expected), v.doubleValue()), v::toString);
            }
            case "bool" -> assertEquals(Json.MAPPER.getNodeFactory().booleanNode(Boolean.parseBoolean(expected)), v);
            case "null" -> assertTrue(v.isNull(), v::toString);
            default -> throw new IllegalArgumentException(type);
        }
    }

    private static JsonNode read(String yaml) {
        return SafeYaml.read(new DslSource(yaml, "the definition", "definition"));
    }

    private static JsonNode readOrNull(String yaml) {
        try {
            return read(yaml);
        } catch (InvalidInputException e) {
            return null;
        }
    }

    /** What Flowback read before: the YAML 1.2 core schema. */
    private static Object yaml12(String yaml) {
        return new Load(LoadSettings.builder().setSchema(new CoreSchema()).build()).loadFromString(yaml);
    }

    /** Through JSON text, so that 15 read as an int and 15 read as a long compare equal. */
    private static JsonNode normalized(Object value) {
        try {
            return value == null ? null : Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(value));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode json(String singleQuoted) {
        return normalized(Json.MAPPER.convertValue(yaml12(singleQuoted), Object.class));
    }
}
