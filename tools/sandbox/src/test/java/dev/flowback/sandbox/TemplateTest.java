package dev.flowback.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.flowback.emulators.DynaliteEmulator;
import dev.flowback.emulators.LocalTooling;
import dev.flowback.function.runtime.FunctionConfig;
import dev.flowback.store.dynamodb.FlowbackTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** template.yaml against the code: handlers exist where CodeUri says, the table is the one FlowbackTable creates. */
class TemplateTest {
    private static final Path ROOT = LocalTooling.get().root();

    @SuppressWarnings("unchecked")
    static Map<String, Object> template() {
        try {
            return (Map<String, Object>) new Load(LoadSettings.builder().build())
                    .loadFromString(Files.readString(ROOT.resolve("template.yaml")));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> resources() {
        return (Map<String, Object>) template().get("Resources");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> properties(String resource) {
        return (Map<String, Object>) ((Map<String, Object>) resources().get(resource)).get("Properties");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> definitionSubstitutions() {
        return (Map<String, Object>) properties("RollbackStateMachine").get("DefinitionSubstitutions");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyFunctionHandlerExistsInTheModuleItsCodeUriNames() throws Exception {
        int functions = 0;
        for (Map.Entry<String, Object> resource : resources().entrySet()) {
            Map<String, Object> body = (Map<String, Object>) resource.getValue();
            if (!"AWS::Serverless::Function".equals(body.get("Type"))) {
                continue;
            }
            functions++;
            Map<String, Object> props = (Map<String, Object>) body.get("Properties");
            String handler = (String) props.get("Handler");
            assertTrue(handler.endsWith("::handleRequest"), handler);
            Class<?> type = Class.forName(handler.substring(0, handler.indexOf("::")));
            assertTrue(RequestStreamHandler.class.isAssignableFrom(type), handler);
            type.getConstructor();

            String codeUri = (String) props.get("CodeUri");
            String module = codeUri.split("/")[1];
            assertEquals("functions/" + module + "/target/flowback-function-" + module + "-0.1.0-SNAPSHOT-lambda.jar",
                    codeUri);
            String classes = type.getProtectionDomain().getCodeSource().getLocation().getPath();
            assertTrue(classes.contains("/functions/" + module + "/")
                            || classes.contains("flowback-function-" + module + "-"),
                    handler + " is built by functions/" + module + " (found in " + classes + ")");
        }
        assertEquals(ChainFunction.values().length, functions);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theStateMachineCallsTheFunctionsTheRunnerServesUnderEachToken() {
        Map<String, Object> substitutions = definitionSubstitutions();
        for (ChainFunction function : ChainFunction.values()) {
            List<Object> getAtt = (List<Object>) ((Map<String, Object>) substitutions.get(function.token()))
                    .get("Fn::GetAtt");
            String handler = (String) properties((String) getAtt.get(0)).get("Handler");
            assertEquals(function.handler().getName() + "::handleRequest", handler, function.token());
        }
        assertEquals("statemachine/rollback.asl.json", properties("RollbackStateMachine").get("DefinitionUri"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void functionsGetTheConfigurationFunctionConfigReads() {
        Map<String, Object> variables = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                ((Map<String, Object>) template().get("Globals")).get("Function")).get("Environment")).get("Variables");
        assertTrue(variables.keySet().containsAll(Set.of(FunctionConfig.TABLE, FunctionConfig.BUCKET,
                FunctionConfig.LOCK_LEASE_SECONDS)), variables.toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theBucketIsVersionedAndPrivate() {
        Map<String, Object> bucket = properties("SnapshotBucket");
        assertEquals("Enabled", ((Map<String, Object>) bucket.get("VersioningConfiguration")).get("Status"));
        Map<String, Object> block = (Map<String, Object>) bucket.get("PublicAccessBlockConfiguration");
        assertEquals(Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true,
                "RestrictPublicBuckets", true), block);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTableHasTheKeysAndIndexesFlowbackTableCreates() {
        TableDescription created;
        try (DynaliteEmulator dynalite = DynaliteEmulator.start()) {
            FlowbackTable.create(dynalite.client(), "shape");
            created = dynalite.client().describeTable(b -> b.tableName("shape")).table();
        }
        Map<String, Object> table = properties("FlowbackTable");
        assertEquals("PAY_PER_REQUEST", table.get("BillingMode"));

        Map<String, String> declared = new TreeMap<>();
        ((List<Map<String, Object>>) table.get("AttributeDefinitions")).forEach(a ->
                declared.put((String) a.get("AttributeName"), (String) a.get("AttributeType")));
        Map<String, String> actual = new TreeMap<>();
        created.attributeDefinitions().forEach(a -> actual.put(a.attributeName(), a.attributeTypeAsString()));
        assertEquals(actual, declared);

        assertEquals(keys(created.keySchema().stream().map(k -> k.attributeName() + ":" + k.keyTypeAsString())
                .toList()), keys(((List<Map<String, Object>>) table.get("KeySchema")).stream()
                .map(k -> k.get("AttributeName") + ":" + k.get("KeyType")).toList()));

        Set<String> declaredIndexes = new TreeSet<>();
        ((List<Map<String, Object>>) table.get("LocalSecondaryIndexes")).forEach(i -> declaredIndexes.add(
                i.get("IndexName") + " " + ((List<Map<String, Object>>) i.get("KeySchema")).stream()
                        .map(k -> k.get("AttributeName") + ":" + k.get("KeyType")).toList() + " "
                        + ((Map<String, Object>) i.get("Projection")).get("ProjectionType")));
        Set<String> createdIndexes = new TreeSet<>();
        created.localSecondaryIndexes().forEach(i -> createdIndexes.add(i.indexName() + " " + i.keySchema().stream()
                .map(k -> k.attributeName() + ":" + k.keyTypeAsString()).toList() + " "
                + i.projection().projectionTypeAsString()));
        assertEquals(createdIndexes, declaredIndexes);
    }

    private static List<String> keys(List<String> schema) {
        return schema;
    }
}
