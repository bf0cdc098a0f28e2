package dev.flowback.emulators;

import java.net.URI;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * An in-memory S3 (S3Proxy with its transient blob store) running inside this JVM on a loopback
 * port the OS picks. It checks AWS Signature V4 against {@link #ACCESS_KEY}/{@link #SECRET_KEY}, so
 * clients sign requests exactly as they would against AWS.
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
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(BlobStores.create("transient", new Properties()))
                .awsAuthentication(AuthenticationType.AWS_V4, ACCESS_KEY, SECRET_KEY)
                .endpoint(ANY_LOOPBACK_PORT)
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
