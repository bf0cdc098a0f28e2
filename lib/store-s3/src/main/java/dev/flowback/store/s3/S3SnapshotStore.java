package dev.flowback.store.s3;

import dev.flowback.aws.AwsErrors;
import dev.flowback.aws.AwsSettings;
import dev.flowback.core.definition.ContentHash;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.error.NotFoundException;
import dev.flowback.core.error.TransientStorageException;
import dev.flowback.core.registry.SnapshotStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Snapshots in S3 at content-addressed keys. Writes are create-only ({@code If-None-Match: *}), so an object,
 * once written, is never replaced; each write carries the SHA-256 as its checksum, so S3 refuses bytes that
 * were damaged on the way ({@code BadDigest}).
 */
public final class S3SnapshotStore implements SnapshotStore {
    private static final int PRECONDITION_FAILED = 412;
    /** S3's answer when two conditional writes to one key race (ConditionalRequestConflict). */
    private static final int CONFLICT = 409;

    private final Supplier<S3Client> client;
    private final String bucket;

    public S3SnapshotStore(S3Client s3, String bucket) {
        this(() -> s3, bucket);
    }

    private S3SnapshotStore(Supplier<S3Client> client, String bucket) {
        this.client = client;
        this.bucket = bucket;
    }

    /**
     * A store whose S3 client is built on first use. Most of the chain's functions never read a snapshot (only
     * validate does, and the engine gate), so they should not pay for an S3 client at cold start.
     */
    public static S3SnapshotStore lazy(AwsSettings settings, String bucket) {
        return over(lazyClient(settings), bucket);
    }

    /** A store over a client the caller shares (see {@link #lazyClient}). */
    public static S3SnapshotStore over(Supplier<S3Client> client, String bucket) {
        return new S3SnapshotStore(client, bucket);
    }

    /** The S3 client, built on the first call and shared after, so adapters of one function share one client. */
    public static Supplier<S3Client> lazyClient(AwsSettings settings) {
        return new Supplier<>() {
            private volatile S3Client built;

            @Override
            public S3Client get() {
                S3Client s3 = built;
                if (s3 == null) {
                    synchronized (this) {
                        s3 = built;
                        if (s3 == null) {
                            s3 = client(settings);
                            built = s3;
                        }
                    }
                }
                return s3;
            }
        };
    }

    /**
     * The S3 client Flowback uses. Path-style addressing when an endpoint is given, because local S3 servers
     * answer on one host name rather than one per bucket.
     */
    public static S3Client client(AwsSettings settings) {
        return settings.configure(S3Client.builder(), "s3")
                .forcePathStyle(settings.endpoint("s3").isPresent())
                // Definitions are at most 10 MiB and already in memory, so the payload is signed whole rather than
                // streamed as aws-chunked. Over HTTPS (AWS) nothing changes; over plain HTTP (local S3 servers)
                // aws-chunked uploads failed about one request in five with S3Proxy, and a retried create-only PUT
                // whose first attempt had landed then looked like an existing object.
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .build();
    }

    /**
     * {@inheritDoc}
     *
     * <p>{@code false} can also mean that this very call created the object: when the SDK retries a PUT whose
     * first attempt reached S3 but whose answer was lost, the retry meets the object and gets 412. That is why the
     * registry never trusts {@code false} alone and re-hashes what is stored before reusing it.
     */
    @Override
    public boolean putIfAbsent(String key, ContentHash sha256, byte[] bytes) {
        try {
            // fromInputStream over the array: RequestBody.fromBytes would copy a definition of up to 10 MiB.
            client.get().putObject(b -> b.bucket(bucket).key(key)
                            .ifNoneMatch("*")
                            .checksumSHA256(sha256.base64())
                            .contentType("application/octet-stream")
                            .contentLength((long) bytes.length)
                            .metadata(Map.of("sha256", sha256.hex())),
                    RequestBody.fromInputStream(new ByteArrayInputStream(bytes), bytes.length));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == PRECONDITION_FAILED) {
                return false;
            }
            if (e.statusCode() == CONFLICT) {
                // Another writer is putting the same content-addressed key right now: a harmless race. Retrying
                // finds the object in place (412) and verifies it.
                throw new TransientStorageException("another write to snapshot " + key + " was in progress", e);
            }
            if ("BadDigest".equals(errorCode(e))) {
                // The bytes were hashed in memory just before sending, so a mismatch at S3 means damage on the way:
                // worth another try.
                throw new TransientStorageException("S3 refused snapshot " + key + ": its bytes did not match the"
                        + " SHA-256 " + sha256 + " sent with them (damaged in transit)", e);
            }
            throw AwsErrors.translate("writing snapshot " + key, e);
        } catch (SdkException e) {
            throw AwsErrors.translate("writing snapshot " + key, e);
        }
    }

    @Override
    public byte[] read(String key, long maxBytes) {
        try (ResponseInputStream<GetObjectResponse> in = client.get().getObject(b -> b.bucket(bucket).key(key))) {
            Long length = in.response().contentLength();
            if (length != null && length > maxBytes) {
                throw new InvalidInputException("document.size", "snapshot", "snapshot " + key + " is " + length
                        + " bytes, more than the " + maxBytes + " allowed");
            }
            return ObjectBodies.read(in, length);
        } catch (NoSuchKeyException e) {
            throw new NotFoundException("snapshot " + key + " is missing from bucket " + bucket);
        } catch (SdkException e) {
            throw AwsErrors.translate("reading snapshot " + key, e);
        } catch (IOException e) {
            throw new TransientStorageException("reading snapshot " + key + " was cut off: " + e.getMessage(), e);
        }
    }

    private static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
    }
}
