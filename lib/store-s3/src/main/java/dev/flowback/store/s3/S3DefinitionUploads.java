package dev.flowback.store.s3;

import dev.flowback.aws.AwsErrors;
import dev.flowback.aws.AwsSettings;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.error.NotFoundException;
import dev.flowback.core.error.TransientStorageException;
import dev.flowback.core.registry.DefinitionUploads;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/**
 * Staged uploads in the snapshot bucket, under the {@code uploads/} prefix (the bucket's lifecycle rule expires
 * them after a day): a presigned PUT URL, signed with the function's own credentials, so the uploader needs none;
 * and the read back of what was put there, refused unread when larger than allowed.
 */
public final class S3DefinitionUploads implements DefinitionUploads {
    private static final String CONTENT_TYPE = "application/octet-stream";

    private final Supplier<S3Client> client;
    private final Supplier<S3Presigner> presigner;
    private final String bucket;

    private S3DefinitionUploads(Supplier<S3Client> client, Supplier<S3Presigner> presigner, String bucket) {
        this.client = client;
        this.presigner = presigner;
        this.bucket = bucket;
    }

    /** Over the function's shared S3 client; the presigner is built on first use (most calls never presign). */
    public static S3DefinitionUploads over(AwsSettings settings, Supplier<S3Client> client, String bucket) {
        return new S3DefinitionUploads(client, memoized(() -> presigner(settings)), bucket);
    }

    /** A presigner that signs as the S3 client calls: path-style when an endpoint is given (local S3 servers). */
    static S3Presigner presigner(AwsSettings settings) {
        S3Presigner.Builder builder = S3Presigner.builder()
                .region(settings.region())
                .credentialsProvider(settings.credentials())
                .serviceConfiguration(S3Configuration.builder()
                        .pathStyleAccessEnabled(settings.endpoint("s3").isPresent())
                        .build());
        settings.endpoint("s3").ifPresent(builder::endpointOverride);
        return builder.build();
    }

    @Override
    public UploadUrl offer(String key, Duration validFor) {
        PresignedPutObjectRequest signed = presigner.get().presignPutObject(p -> p.signatureDuration(validFor)
                .putObjectRequest(o -> o.bucket(bucket).key(key).contentType(CONTENT_TYPE)));
        Map<String, String> headers = new LinkedHashMap<>();
        signed.signedHeaders().forEach((name, values) -> {
            if (!"host".equalsIgnoreCase(name)) {
                headers.put(name, String.join(",", values));
            }
        });
        try {
            return new UploadUrl(signed.url().toURI(), headers);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the SDK signed a URL that is not a URI: " + signed.url(), e);
        }
    }

    @Override
    public URI download(String key, Duration validFor) {
        try {
            return presigner.get().presignGetObject(p -> p.signatureDuration(validFor)
                    .getObjectRequest(o -> o.bucket(bucket).key(key))).url().toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the SDK signed a URL that is not a URI for " + key, e);
        }
    }

    @Override
    public byte[] read(String key, long maxBytes) {
        try (ResponseInputStream<GetObjectResponse> in = client.get().getObject(b -> b.bucket(bucket).key(key))) {
            Long length = in.response().contentLength();
            if (length != null && length > maxBytes) {
                throw new InvalidInputException("document.size", "definition", "the uploaded definition is " + length
                        + " bytes, more than the " + maxBytes + " (10 MiB) a definition may have; nothing was"
                        + " published");
            }
            return ObjectBodies.read(in, length);
        } catch (NoSuchKeyException e) {
            throw new NotFoundException("nothing was uploaded at " + key);
        } catch (SdkException e) {
            throw AwsErrors.translate("reading the upload " + key, e);
        } catch (IOException e) {
            throw new TransientStorageException("reading the upload " + key + " was cut off: " + e.getMessage(), e);
        }
    }

    private static <T> Supplier<T> memoized(Supplier<T> build) {
        return new Supplier<>() {
            private volatile T built;

            @Override
            public T get() {
                T value = built;
                if (value == null) {
                    synchronized (this) {
                        value = built;
                        if (value == null) {
                            value = build.get();
                            built = value;
                        }
                    }
                }
                return value;
            }
        };
    }
}
