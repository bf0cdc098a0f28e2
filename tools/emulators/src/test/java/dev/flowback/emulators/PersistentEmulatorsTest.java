package dev.flowback.emulators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The persistent local stack's stores: what one run wrote, the next run reads, with the same semantics. */
class PersistentEmulatorsTest {

    @Test
    void objectsOnTheFilesystemSurviveARestartAndStayCreateOnly(@TempDir Path directory) {
        try (S3ProxyEmulator first = S3ProxyEmulator.startPersistent(directory, 0)) {
            first.ensureBucket("snapshots");
            first.client().putObject(r -> r.bucket("snapshots").key("wf/v1").ifNoneMatch("*"),
                    RequestBody.fromString("{\"v\":1}"));
        }
        try (S3ProxyEmulator second = S3ProxyEmulator.startPersistent(directory, 0)) {
            second.ensureBucket("snapshots");
            assertEquals("{\"v\":1}",
                    second.client().getObjectAsBytes(r -> r.bucket("snapshots").key("wf/v1")).asUtf8String());
            S3Exception overwrite = assertThrows(S3Exception.class, () -> second.client().putObject(
                    r -> r.bucket("snapshots").key("wf/v1").ifNoneMatch("*"), RequestBody.fromString("{}")));
            assertEquals(412, overwrite.statusCode(), "a snapshot stays immutable across restarts");
        }
    }

    @Test
    void itemsInTheLevelDbStoreSurviveARestart(@TempDir Path directory) {
        Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS("ENV#wf#prod"),
                "live", AttributeValue.fromS("v2"));
        try (DynaliteEmulator first = DynaliteEmulator.startPersistent(directory, 0)) {
            first.client().createTable(r -> r.tableName("flowback")
                    .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                    .billingMode("PAY_PER_REQUEST"));
            first.client().putItem(r -> r.tableName("flowback").item(item));
        }
        try (DynaliteEmulator second = DynaliteEmulator.startPersistent(directory, 0)) {
            assertEquals(item, second.client().getItem(r -> r.tableName("flowback")
                    .key(Map.of("pk", AttributeValue.fromS("ENV#wf#prod"))).consistentRead(true)).item());
            assertThrows(ConditionalCheckFailedException.class, () -> second.client().putItem(r -> r
                    .tableName("flowback").item(item).conditionExpression("attribute_not_exists(pk)")));
        }
    }
}
