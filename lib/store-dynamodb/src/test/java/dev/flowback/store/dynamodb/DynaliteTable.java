package dev.flowback.store.dynamodb;

import dev.flowback.aws.AwsSettings;
import dev.flowback.emulators.DynaliteEmulator;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * dynalite with Flowback's table created in it and a client built the way the functions build theirs. One per
 * test class: started in {@code @BeforeAll}, closed in {@code @AfterAll}.
 */
final class DynaliteTable implements AutoCloseable {
    final String name;
    final DynamoDbClient client;
    private final DynaliteEmulator emulator;

    private DynaliteTable(DynaliteEmulator emulator, String name) {
        this.emulator = emulator;
        this.name = name;
        this.client = DynamoVersionCatalog.client(AwsSettings.local(DynaliteEmulator.ACCESS_KEY,
                DynaliteEmulator.SECRET_KEY, Map.of("dynamodb", emulator.endpoint())));
        FlowbackTable.create(client, name);
    }

    static DynaliteTable start(String name) {
        return new DynaliteTable(DynaliteEmulator.start(), name);
    }

    @Override
    public void close() {
        emulator.close();
    }
}
