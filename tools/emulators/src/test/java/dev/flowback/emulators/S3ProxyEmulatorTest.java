package dev.flowback.emulators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.S3Exception;

class S3ProxyEmulatorTest {

    private static final String BUCKET = "snapshots";

    private static S3ProxyEmulator s3;

    @BeforeAll
    static void start() {
        s3 = S3ProxyEmulator.start();
        s3.createBucket(BUCKET);
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    @Test
    void listensOnALoopbackPortChosenAtRunTime() {
        assertEquals("127.0.0.1", s3.endpoint().getHost());
        assertTrue(s3.endpoint().getPort() > 0);
    }

    @Test
    void secondCreateOnlyPutOfTheSameKeyIsRejectedWith412() {
        S3Client client = s3.client();
        client.putObject(r -> r.bucket(BUCKET).key("create-only").ifNoneMatch("*"), RequestBody.fromString("first"));

        S3Exception second = assertThrows(S3Exception.class, () -> client.putObject(
                r -> r.bucket(BUCKET).key("create-only").ifNoneMatch("*"), RequestBody.fromString("second")));

        assertEquals(412, second.statusCode());
        assertEquals("first", client.getObjectAsBytes(r -> r.bucket(BUCKET).key("create-only")).asUtf8String());
    }

    @Test
    void aMatchingSha256ChecksumIsStoredAndReturned() {
        byte[] content = "{\"nodes\":[]}".getBytes(StandardCharsets.UTF_8);
        String sha256 = sha256Base64(content);

        s3.client().putObject(r -> r.bucket(BUCKET).key("checked").checksumSHA256(sha256),
                RequestBody.fromBytes(content));

        var head = s3.client().headObject(r -> r.bucket(BUCKET).key("checked").checksumMode(ChecksumMode.ENABLED));
        assertEquals(sha256, head.checksumSHA256());
        assertArrayEquals(content, s3.client().getObjectAsBytes(r -> r.bucket(BUCKET).key("checked")).asByteArray());
    }

    @Test
    void aWrongSha256ChecksumIsRejectedAsBadDigest() {
        String checksumOfOtherBytes = sha256Base64("other bytes".getBytes(StandardCharsets.UTF_8));

        S3Exception rejected = assertThrows(S3Exception.class, () -> s3.client().putObject(
                r -> r.bucket(BUCKET).key("corrupt").checksumSHA256(checksumOfOtherBytes),
                RequestBody.fromString("the real bytes")));

        assertEquals(400, rejected.statusCode());
        assertEquals("BadDigest", rejected.awsErrorDetails().errorCode());
    }

    private static String sha256Base64(byte[] bytes) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
