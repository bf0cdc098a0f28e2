package dev.flowback.emulators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LocalLambdaServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private LocalLambdaServer lambda;

    @BeforeEach
    void start() {
        lambda = LocalLambdaServer.start();
        lambda.register("upper", payload -> new String(payload, StandardCharsets.UTF_8).toUpperCase()
                .getBytes(StandardCharsets.UTF_8));
        lambda.register("broken", payload -> {
            throw new PermanentTestFailure("target v9 is marked BAD");
        });
    }

    @AfterEach
    void stop() {
        lambda.close();
    }

    @Test
    void servesAFunctionByNameAndByUrlEncodedArn() throws Exception {
        HttpResponse<String> byName = invoke("upper", "\"abc\"");
        HttpResponse<String> byArn = invoke(URLEncoder.encode(LocalLambdaServer.functionArn("upper"),
                StandardCharsets.UTF_8), "\"def\"");

        assertEquals(200, byName.statusCode());
        assertEquals("\"ABC\"", byName.body());
        assertEquals("\"DEF\"", byArn.body());
        assertEquals(List.of("upper", "upper"),
                lambda.invocations().stream().map(LambdaInvocation::functionName).toList());
        assertFalse(lambda.invocations().get(0).failed());
    }

    @Test
    void aThrowingFunctionIsReportedAsAnUnhandledLambdaError() throws Exception {
        HttpResponse<String> response = invoke("broken", "{}");

        assertEquals(200, response.statusCode());
        assertEquals("Unhandled", response.headers().firstValue("X-Amz-Function-Error").orElse(null));
        JsonNode error = JSON.readTree(response.body());
        assertEquals(PermanentTestFailure.class.getName(), error.path("errorType").asText());
        assertEquals("target v9 is marked BAD", error.path("errorMessage").asText());
        assertTrue(error.path("trace").size() > 0);
        assertEquals(PermanentTestFailure.class.getName(), lambda.invocations("broken").get(0).errorType());
    }

    @Test
    void anUnknownFunctionIsNotFound() throws Exception {
        HttpResponse<String> response = invoke("nobody", "{}");

        assertEquals(404, response.statusCode());
        assertEquals("ResourceNotFoundException", response.headers().firstValue("X-Amzn-ErrorType").orElse(null));
        assertTrue(lambda.invocations().isEmpty());
    }

    @Test
    void servesSeveralInvocationsAtOnce() throws Exception {
        // Each call waits until both are inside a function: this passes only if they run concurrently.
        CountDownLatch bothInside = new CountDownLatch(2);
        lambda.register("rendezvous", payload -> {
            bothInside.countDown();
            if (!bothInside.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other invocation never arrived");
            }
            return payload;
        });

        CompletableFuture<HttpResponse<String>> first = invokeAsync("rendezvous", "1");
        CompletableFuture<HttpResponse<String>> second = invokeAsync("rendezvous", "2");

        assertEquals("1", first.get(20, TimeUnit.SECONDS).body());
        assertEquals("2", second.get(20, TimeUnit.SECONDS).body());
        assertTrue(lambda.invocations("rendezvous").stream().noneMatch(LambdaInvocation::failed));
    }

    @Test
    void functionNamesAreTakenOutOfEveryFormTheInvokeApiAccepts() {
        assertEquals("fn", LocalLambdaServer.functionName("fn"));
        assertEquals("fn", LocalLambdaServer.functionName("fn:live"));
        assertEquals("fn", LocalLambdaServer.functionName("123456789012:function:fn"));
        assertEquals("fn", LocalLambdaServer.functionName("arn:aws:lambda:eu-west-1:123456789012:function:fn"));
        assertEquals("fn", LocalLambdaServer.functionName("arn:aws:lambda:eu-west-1:123456789012:function:fn:7"));
    }

    private HttpResponse<String> invoke(String function, String payload) throws Exception {
        return invokeAsync(function, payload).get(20, TimeUnit.SECONDS);
    }

    private CompletableFuture<HttpResponse<String>> invokeAsync(String function, String payload) {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(lambda.endpoint() + "/2015-03-31/functions/" + function + "/invocations"))
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(payload))
                .build();
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }
}
