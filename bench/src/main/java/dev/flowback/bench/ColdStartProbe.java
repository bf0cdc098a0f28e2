package dev.flowback.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowback.function.runtime.SnapStartPrimed;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * One cold start, in a fresh JVM started by {@link ColdStartBench} with only this class's directory and the
 * function's deployable jar on the class path, as Lambda's runtime would: build the handler (its no-argument
 * constructor, wired from environment variables), hand it one event, print one marker line and exit. The kinds:
 * <ul>
 *   <li>{@code hello}: a trivial stream handler that echoes the event's size (the JVM's own floor);</li>
 *   <li>{@code sdk}: a DynamoDB client built as AwsSettings builds one (url-connection client, region and
 *       credentials from the environment, the endpoint variable, the same timeouts) and one GetItem (the SDK's
 *       floor);</li>
 *   <li>{@code stream}: a RequestStreamHandler (the chain's steps, the trigger, the reaper);</li>
 *   <li>{@code api}: the API's RequestHandler of API Gateway's proxy event (read from the event file with Jackson,
 *       as the Lambda runtime's serializer would).</li>
 * </ul>
 * Modes: {@code run} (construct, one request), {@code prime} (construct, then the handler's SnapStart priming, no
 * request: the training run an AppCDS archive or AOT cache is taken after), {@code construct} (construct only).
 *
 * <p>Each class the kinds use is nested, so a kind loads only its own (the hello-world JVM loads no Jackson, no SDK).
 */
public final class ColdStartProbe {
    /** The line the harness times to: JVM launch to this line is the cold start. */
    public static final String MARKER = "FLOWBACK-PROBE ";

    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        String mode = args[1];
        byte[] event = Files.readAllBytes(Path.of(args[2]));
        String handler = args.length > 3 ? args[3] : "";
        long started = System.nanoTime();
        String answer;
        long constructed;
        switch (kind) {
            case "hello" -> {
                constructed = System.nanoTime();
                answer = Hello.answer(event);
            }
            case "sdk" -> {
                SdkBaseline sdk = new SdkBaseline();
                constructed = System.nanoTime();
                answer = sdk.getItem();
            }
            case "stream" -> {
                RequestStreamHandler built = (RequestStreamHandler) Class.forName(handler).getConstructor()
                        .newInstance();
                constructed = System.nanoTime();
                answer = mode.equals("run") ? Stream.answer(built, event) : prime(built, mode);
            }
            case "api" -> {
                Object built = Class.forName(handler).getConstructor().newInstance();
                constructed = System.nanoTime();
                answer = mode.equals("run") ? Api.answer(built, event) : prime(built, mode);
            }
            default -> throw new IllegalArgumentException("unknown probe kind " + kind);
        }
        long answered = System.nanoTime();
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
        int classes = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
        System.out.printf("%sclasses=%d construct_ms=%.1f first_ms=%.1f uptime_ms=%d answer=%s%n", MARKER, classes,
                (constructed - started) / 1e6, (answered - constructed) / 1e6, uptime,
                answer.replaceAll("\\s+", " ").substring(0, Math.min(answer.length(), 160)));
        System.out.flush();
        System.exit(0);
    }

    /** A training run: what a snapshot (or an archive taken at exit) would be taken after. */
    private static String prime(Object handler, String mode) {
        if (mode.equals("prime")) {
            ((SnapStartPrimed) handler).snapStartPriming().orElseThrow().prime();
            return "primed";
        }
        return "constructed";
    }

    /** The hello-world handler: reads the event, writes a few bytes. */
    private static final class Hello {
        static String answer(byte[] event) throws Exception {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new ByteArrayInputStream(event).transferTo(out);
            return "{\"hello\": " + out.size() + "}";
        }
    }

    /** A stream handler's first request, as the runtime makes it (no context: the handlers accept none). */
    private static final class Stream {
        static String answer(RequestStreamHandler handler, byte[] event) throws Exception {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(event), out, null);
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /** The API's first request: the proxy event read into its class, the handler's response's status and body. */
    private static final class Api {
        @SuppressWarnings("unchecked")
        static String answer(Object handler, byte[] event) throws Exception {
            APIGatewayProxyRequestEvent request = new ObjectMapper()
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(event, APIGatewayProxyRequestEvent.class);
            APIGatewayProxyResponseEvent response = ((RequestHandler<APIGatewayProxyRequestEvent,
                    APIGatewayProxyResponseEvent>) handler).handleRequest(request, null);
            return response.getStatusCode() + " " + response.getBody();
        }
    }

    /** The SDK's floor: what AwsSettings configures, written out with the SDK alone. */
    private static final class SdkBaseline {
        private final DynamoDbClient client;

        SdkBaseline() {
            client = DynamoDbClient.builder()
                    .region(Region.of(System.getenv("AWS_REGION")))
                    .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                    .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
                            .socketTimeout(Duration.ofSeconds(5)).build())
                    .overrideConfiguration(ClientOverrideConfiguration.builder()
                            .apiCallAttemptTimeout(Duration.ofSeconds(5)).apiCallTimeout(Duration.ofSeconds(12))
                            .build())
                    .endpointOverride(URI.create(System.getenv("AWS_ENDPOINT_URL_DYNAMODB")))
                    .build();
        }

        String getItem() {
            GetItemResponse response = client.getItem(b -> b.tableName(System.getenv("FLOWBACK_TABLE"))
                    .key(Map.of("pk", AttributeValue.fromS("BENCH#baseline"), "sk", AttributeValue.fromS("ITEM"))));
            return "{\"item\": " + response.hasItem() + "}";
        }
    }
}
