package dev.flowback.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.aws.AwsSettings;
import dev.flowback.core.error.NotFoundException;
import dev.flowback.core.error.StorageFailureException;
import dev.flowback.core.testing.MovableClock;
import dev.flowback.emulators.MotoServer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** GetSecretValue against moto: the value, the cache and its TTL, forgetting, and errors naming only the ARN. */
class SecretsManagerStoreTest {
    private static MotoServer moto;
    private static SecretsManagerClient client;

    @BeforeAll
    static void start() {
        moto = MotoServer.start();
        client = SecretsManagerStore.client(AwsSettings.local("testing", "testing",
                Map.of("secretsmanager", moto.endpoint())));
    }

    @AfterAll
    static void stop() {
        moto.close();
    }

    private static String create(String name, String value) {
        return client.createSecret(b -> b.name(name).secretString(value)).arn();
    }

    @Test
    void readsTheCurrentValueAndKeepsItForTheTtlUnlessForgotten() {
        String arn = create("dify-console-cache", "{\"email\":\"ops@example.com\",\"password\":\"first\"}");
        MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
        SecretsManagerStore store = new SecretsManagerStore(client, clock, Duration.ofMinutes(5));
        assertEquals("{\"email\":\"ops@example.com\",\"password\":\"first\"}", store.read(arn).reveal());

        client.putSecretValue(b -> b.secretId(arn).secretString("{\"email\":\"ops@example.com\",\"password\":\"2\"}"));
        assertTrue(store.read(arn).reveal().contains("first"), "inside the TTL: no second GetSecretValue");
        clock.advance(Duration.ofMinutes(5));
        assertTrue(store.read(arn).reveal().contains("\"2\""), "TTL over: the rotated value");

        client.putSecretValue(b -> b.secretId(arn).secretString("third"));
        store.forget(arn);
        assertEquals("third", store.read(arn).reveal(), "forgotten after a refusal: read again at once");
    }

    @Test
    void aMissingOrBinarySecretIsAPermanentErrorThatNamesTheArnAndNeverTheValue() {
        SecretsManagerStore store = new SecretsManagerStore(client, new MovableClock(Instant.EPOCH),
                SecretsManagerStore.DEFAULT_TTL);
        String missing = "arn:aws:secretsmanager:us-east-1:123456789012:secret:nowhere-AbCdEf";
        NotFoundException notFound = assertThrows(NotFoundException.class, () -> store.read(missing));
        assertTrue(notFound.getMessage().contains(missing), notFound.getMessage());

        String binary = client.createSecret(b -> b.name("binary-key")
                .secretBinary(SdkBytes.fromUtf8String("s3cr3t-bytes"))).arn();
        StorageFailureException e = assertThrows(StorageFailureException.class, () -> store.read(binary));
        assertTrue(e.getMessage().contains("binary"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
    }

    @Test
    void aValuePrintedByAccidentPrintsRedacted() {
        SecretValue value = new SecretValue("sk-live-abcdef");
        assertEquals("[redacted]", value.toString());
        assertEquals("password is [redacted]", "password is " + value);
        assertEquals("sk-live-abcdef", value.reveal());
    }
}
