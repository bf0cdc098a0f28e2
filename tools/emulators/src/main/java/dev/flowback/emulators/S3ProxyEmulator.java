package dev.flowback.emulators;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * An S3 (S3Proxy) running inside this JVM on loopback: in memory on a port the OS picks for tests, or on
 * a directory of the filesystem for the persistent local stack. It checks AWS Signature V4 against
 * {@link #ACCESS_KEY}/{@link #SECRET_KEY}, so clients sign requests exactly as they would against AWS.
 */
public final class S3ProxyEmulator implements AutoCloseable {

    public static final String ACCESS_KEY = "local";
    public static final String SECRET_KEY = "local-secret";
    public static final Region REGION = Region.US_EAST_1;

    /** Port 0: Jetty binds a free port itself, so parallel test JVMs never collide. */
    private static final URI ANY_LOOPBACK_PORT = URI.create("http://127.0.0.1:0");
    /** In-flight requests are test traffic: no reason to wait for them on close. */
    private static final long STOP_TIMEOUT_MILLIS = 0;

    private final S3Proxy proxy;
    private final URI endpoint;
    private S3Client client;

    private S3ProxyEmulator(S3Proxy proxy) {
        this.proxy = proxy;
        this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    public static S3ProxyEmulator start() {
        return start(BlobStores.create("transient", new Properties()), ANY_LOOPBACK_PORT);
    }

    /**
     * Objects kept under {@code directory} (one folder per bucket), so they survive a restart; {@code port} 0
     * lets the OS choose.
     */
    public static S3ProxyEmulator startPersistent(Path directory, int port) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the S3 data directory " + directory, e);
        }
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", directory.toAbsolutePath().toString());
        return start(BlobStores.create("filesystem", properties), URI.create("http://127.0.0.1:" + port));
    }

    private static S3ProxyEmulator start(BlobStore store, URI endpoint) {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .awsAuthentication(AuthenticationType.AWS_V4, ACCESS_KEY, SECRET_KEY)
                .endpoint(endpoint)
                .stopTimeout(STOP_TIMEOUT_MILLIS)
                .build();
        try {
            proxy.start();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not start", e);
        }
        return new S3ProxyEmulator(proxy);
    }

    public URI endpoint() {
        return endpoint;
    }

    /** One client per emulator, path-style because S3Proxy serves buckets as paths on one host. */
    public synchronized S3Client client() {
        if (client == null) {
            client = S3Client.builder()
                    .endpointOverride(endpoint)
                    .forcePathStyle(true)
                    .region(REGION)
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                    .httpClient(UrlConnectionHttpClient.create())
                    // aws-chunked uploads over plain HTTP fail intermittently against S3Proxy; sign whole payloads.
                    .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                    .build();
        }
        return client;
    }

    public void createBucket(String bucket) {
        client().createBucket(request -> request.bucket(bucket));
    }

    /** For a store that outlives this process: create the bucket unless an earlier run did. */
    public void ensureBucket(String bucket) {
        boolean exists = client().listBuckets().buckets().stream().anyMatch(b -> b.name().equals(bucket));
        if (!exists) {
            createBucket(bucket);
        }
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not stop", e);
        }
    }
}
