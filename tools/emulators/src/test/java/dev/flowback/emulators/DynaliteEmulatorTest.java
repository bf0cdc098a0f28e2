package dev.flowback.emulators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

class DynaliteEmulatorTest {

    private static final String TABLE = "flowback";

    private static DynaliteEmulator dynamo;

    @BeforeAll
    static void startAndCreateTable() {
        dynamo = DynaliteEmulator.start();
        dynamo.client().createTable(r -> r.tableName(TABLE)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute("pk"), attribute("sk"))
                .keySchema(keyPart("pk", KeyType.HASH), keyPart("sk", KeyType.RANGE)));
    }

    @AfterAll
    static void stop() {
        dynamo.close();
    }

    @Test
    void tablesAreActiveAtOnce() {
        var table = dynamo.client().describeTable(r -> r.tableName(TABLE)).table();
        assertEquals(TableStatus.ACTIVE, table.tableStatus());
        assertEquals("127.0.0.1", dynamo.endpoint().getHost());
    }

    @Test
    void aConditionalCreateFailsTheSecondTime() {
        DynamoDbClient client = dynamo.client();
        Map<String, AttributeValue> item = item("WF#create-once", "VERSION#v1", "first");
        client.putItem(r -> r.tableName(TABLE).item(item).conditionExpression("attribute_not_exists(pk)"));

        assertThrows(ConditionalCheckFailedException.class, () -> client.putItem(r -> r.tableName(TABLE)
                .item(item("WF#create-once", "VERSION#v1", "second"))
                .conditionExpression("attribute_not_exists(pk)")));

        var stored = client.getItem(r -> r.tableName(TABLE).key(key("WF#create-once", "VERSION#v1"))).item();
        assertEquals("first", stored.get("note").s());
    }

    @Test
    void queryReturnsOnePartitionInSortKeyOrderAndPages() {
        DynamoDbClient client = dynamo.client();
        for (String version : List.of("VERSION#v3", "VERSION#v1", "VERSION#v2")) {
            client.putItem(r -> r.tableName(TABLE).item(item("WF#query", version, version)));
        }
        client.putItem(r -> r.tableName(TABLE).item(item("WF#other", "VERSION#v9", "elsewhere")));

        var firstPage = client.query(r -> r.tableName(TABLE).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("WF#query"))).limit(2));
        var secondPage = client.query(r -> r.tableName(TABLE).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("WF#query")))
                .exclusiveStartKey(firstPage.lastEvaluatedKey()));

        assertEquals(List.of("VERSION#v1", "VERSION#v2"), firstPage.items().stream().map(i -> i.get("sk").s())
                .toList());
        assertEquals(List.of("VERSION#v3"), secondPage.items().stream().map(i -> i.get("sk").s()).toList());
        assertTrue(secondPage.lastEvaluatedKey().isEmpty());
    }

    @Test
    void closingTheEmulatorStopsTheServer() {
        DynaliteEmulator other = DynaliteEmulator.start();
        other.client().listTables();
        URI endpoint = other.endpoint();

        other.close();

        assertThrows(IOException.class, () -> new Socket(endpoint.getHost(), endpoint.getPort()).close());
    }

    @Test
    void theServerExitsWhenItsStdinCloses() {
        // What protects a JVM killed outright from leaving dynalite behind.
        LocalTooling tooling = LocalTooling.get();
        ChildProcess server = ChildProcess.start("dynalite-server",
                tooling.nodeCommand(tooling.script("dynalite-server.js")), tooling.nodeDir(), Map.of());
        assertTrue(server.readLine(Duration.ofSeconds(30)).orElseThrow().contains("\"port\""));

        server.sendAndCloseStdin(new byte[0]);

        assertEquals(0, server.awaitExit(Duration.ofSeconds(30)).code());
    }

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement keyPart(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk));
    }

    private static Map<String, AttributeValue> item(String pk, String sk, String note) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk), "note",
                AttributeValue.fromS(note));
    }
}
