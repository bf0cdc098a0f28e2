package dev.flowback.emulators;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A DynamoDB (dynalite, a Node process) on loopback: in memory on a port it picks itself for tests, or on a
 * LevelDB directory for the persistent local stack. dynalite has no transactions and no TTL: code under
 * test must use single-item conditional writes, as Flowback does.
 */
public final class DynaliteEmulator implements AutoCloseable {

    public static final String ACCESS_KEY = "local";
    public static final String SECRET_KEY = "local-secret";
    public static final Region REGION = Region.US_EAST_1;

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

    private final ChildProcess process;
    private final URI endpoint;
    private final Thread shutdownHook;
    private DynamoDbClient client;

    private DynaliteEmulator(ChildProcess process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
        // The script also exits when its stdin closes, which covers a JVM killed outright; the hook
        // covers a normal JVM exit where a test forgot to close the emulator.
        this.shutdownHook = new Thread(process::close, "emulator-dynalite-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public static DynaliteEmulator start() {
        return start(Map.of());
    }

    /** Tables kept in a LevelDB store under {@code directory}, so they survive a restart; port 0: any. */
    public static DynaliteEmulator startPersistent(Path directory, int port) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the DynamoDB data directory " + directory, e);
        }
        return start(Map.of("DYNALITE_PATH", directory.toAbsolutePath().toString(),
                "DYNALITE_PORT", Integer.toString(port)));
    }

    private static DynaliteEmulator start(Map<String, String> environment) {
        LocalTooling tooling = LocalTooling.get();
        ChildProcess process = ChildProcess.start("dynalite-server",
                tooling.nodeCommand(tooling.script("dynalite-server.js")), tooling.nodeDir(), environment);
        try {
            return new DynaliteEmulator(process, URI.create("http://127.0.0.1:" + readPort(process)));
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
    }

    private static int readPort(ChildProcess process) {
        String line = process.readLine(STARTUP_TIMEOUT).orElseThrow(() -> new IllegalStateException(
                "dynalite-server exited before reporting its port; stderr: " + process.stderrTail()));
        try {
            JsonNode port = Json.MAPPER.readTree(line).path("port");
            if (!port.canConvertToInt() || port.asInt() <= 0) {
                throw new IllegalStateException("dynalite-server reported no port: " + line);
            }
            return port.asInt();
        } catch (IOException e) {
            throw new UncheckedIOException("dynalite-server printed something other than its port: " + line, e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    public synchronized DynamoDbClient client() {
        if (client == null) {
            client = DynamoDbClient.builder()
                    .endpointOverride(endpoint)
                    .region(REGION)
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                    .httpClient(UrlConnectionHttpClient.create())
                    .build();
        }
        return client;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
        process.close();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook will find the process gone.
        }
    }
}
