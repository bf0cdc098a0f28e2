package dev.flowback.core.definition.dify;

import dev.flowback.core.definition.DefinitionFormats;
import dev.flowback.core.definition.Fixtures;
import dev.flowback.core.definition.ParsedDefinition;
import dev.flowback.core.definition.WorkflowModel;

/** The small DSL documents under src/test/resources/dify, written for these tests. */
final class DifyFixtures {
    static final DefinitionFormats FORMATS = DefinitionFormats.standard();
    static final DifyDslFormat DIFY = new DifyDslFormat();

    private DifyFixtures() {
    }

    static byte[] bytes(String name) {
        return Fixtures.bytes("dify/" + name);
    }

    /** Through format detection, as publishing does. */
    static ParsedDefinition parsed(String name) {
        return FORMATS.parse(bytes(name));
    }

    static WorkflowModel model(String name) {
        return parsed(name).model();
    }
}
