package dev.flowback.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flowback.aws.AwsSettings;
import dev.flowback.core.definition.DefinitionFormats;
import dev.flowback.core.error.VersionConflictException;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.PublishRequest;
import dev.flowback.core.registry.VersionRegistry;
import dev.flowback.store.dynamodb.DynamoVersionCatalog;
import dev.flowback.store.dynamodb.FlowbackTable;
import dev.flowback.store.s3.S3SnapshotStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The same registry against LocalStorage's S3 and DynamoDB, for machines with Docker. Where Docker is absent
 * (the project's build machines) JUnit reports this class as skipped; the emulator tests cover the same ground.
 */
@Testcontainers(disabledWithoutDocker = true)
class RegistryOnLocalStackContainerTest {
    @Container
    private static final LocalStackContainer LOCALSTACK =
            new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4"))
                    .withServices(LocalStackContainer.Service.S3, LocalStackContainer.Service.DYNAMODB);

    @Test
    void publishAndReadOnLocalStorage() throws Exception {
        AwsSettings settings = AwsSettings.local(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey(), Map.of(
                "s3", LOCALSTACK.getEndpointOverride(LocalStackContainer.Service.S3),
                "dynamodb", LOCALSTACK.getEndpointOverride(LocalStackContainer.Service.DYNAMODB)));
        S3Client s3 = S3SnapshotStore.client(settings);
        DynamoDbClient dynamo = DynamoVersionCatalog.client(settings);
        s3.createBucket(b -> b.bucket("flowback-it"));
        FlowbackTable.create(dynamo, "flowback-it");
        VersionRegistry registry = new VersionRegistry(new S3SnapshotStore(s3, "flowback-it"),
                new DynamoVersionCatalog(dynamo, "flowback-it"), DefinitionFormats.standard(), Clock.systemUTC());

        byte[] document = Files.readAllBytes(Path.of(System.getProperty("flowback.root", ".."))
                .resolve("examples/support-triage/v1.0.0.json"));
        WorkflowId wf = WorkflowId.of("support-triage");
        registry.publish(PublishRequest.of(wf, VersionId.of("v1.0.0"), document, "it", ""));
        assertArrayEquals(document, registry.read(wf, VersionId.of("v1.0.0")).bytes());
        assertThrows(VersionConflictException.class,
                () -> registry.publish(PublishRequest.of(wf, VersionId.of("v1.0.0"), document, "it", "")
                        .allowingDuplicate()));
        assertEquals(1, registry.history(wf, 10, null).versions().size());
    }
}
