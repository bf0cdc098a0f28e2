package dev.flowback.aws;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.error.StorageFailureException;
import dev.flowback.core.error.TransientStorageException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Exception values are built directly: no emulator answers with a chosen 503 or throttling code on demand,
 * and classification is a pure function of the exception.
 */
class AwsErrorsTest {
    private static AwsServiceException service(int status, String code) {
        return AwsServiceException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build()).build();
    }

    @Test
    void throttlingAndServerErrorsAreTransient() {
        assertTrue(AwsErrors.isTransient(service(503, "ServiceUnavailable")));
        assertTrue(AwsErrors.isTransient(service(500, "InternalError")));
        assertTrue(AwsErrors.isTransient(service(400, "ThrottlingException")));
        assertTrue(AwsErrors.isTransient(service(400, "ProvisionedThroughputExceededException")));
        assertTrue(AwsErrors.isTransient(SdkClientException.create("connection reset")));
    }

    @Test
    void clientErrorsArePermanentAndNamedFromTheFlatSet() {
        AwsServiceException denied = service(403, "AccessDenied");
        assertFalse(AwsErrors.isTransient(denied));
        RuntimeException translated = AwsErrors.translate("reading snapshot x", denied);
        assertInstanceOf(StorageFailureException.class, translated);
        assertSame(denied, translated.getCause());
        assertTrue(translated.getMessage().startsWith("reading snapshot x failed: "), translated.getMessage());
        assertInstanceOf(TransientStorageException.class, AwsErrors.translate("reading", service(503, "SlowDown")));
    }
}
