package dev.flowback.aws;

import dev.flowback.core.error.StorageFailureException;
import dev.flowback.core.error.TransientStorageException;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The one rule every adapter applies: throttling, 5xx and client-side I/O failures become
 * {@link TransientStorageException} (retried with backoff); everything else becomes
 * {@link StorageFailureException}, permanent. Either way Step Functions sees a name from Flowback's flat set.
 * Adapters catch the SDK exceptions that mean something in the domain (a failed condition, a missing key)
 * before they reach this.
 */
public final class AwsErrors {
    private AwsErrors() {
    }

    public static boolean isTransient(SdkException e) {
        if (e instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500 || service.statusCode() == 429;
        }
        return e instanceof SdkClientException;
    }

    /**
     * Makes one SDK call, turning its failures into Flowback's: the one wrapper every adapter's plain calls go
     * through. Adapters catch the SDK exceptions that mean something in their domain inside {@code request}.
     *
     * @param what what the call does, for the message ("reading environment wf-abc123/prod")
     */
    public static <T> T call(String what, Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException e) {
            throw translate(what, e);
        }
    }

    /** Returns the exception to throw for {@code e} while doing {@code what}. */
    public static RuntimeException translate(String what, SdkException e) {
        if (isTransient(e)) {
            return new TransientStorageException(what + " failed transiently: " + e.getMessage(), e);
        }
        return new StorageFailureException(what + " failed: " + e.getMessage(), e);
    }
}
