package dev.flowback.emulators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;

/** moto's server starts on a port of its own, answers the SDK, forgets everything on reset and ends on close. */
class MotoServerTest {
    @Test
    void startsAnswersResetsAndStops() throws Exception {
        URI endpoint;
        try (MotoServer moto = MotoServer.start(); SfnClient sfn = TestClients.sfn(moto.endpoint())) {
            endpoint = moto.endpoint();
            assertEquals("127.0.0.1", endpoint.getHost());
            assertTrue(endpoint.getPort() > 0);
            sfn.createStateMachine(b -> b.name("kept").definition("{\"StartAt\": \"S\", \"States\": {\"S\":"
                    + " {\"Type\": \"Succeed\"}}}").roleArn("arn:aws:iam::" + MotoServer.ACCOUNT + ":role/r"));
            assertEquals(1, sfn.listStateMachines().stateMachines().size());

            moto.reset();

            assertTrue(sfn.listStateMachines().stateMachines().isEmpty(), "reset forgets every resource");
        }
        assertFalse(answers(endpoint), "closed: nothing listens any more");
    }

    private static boolean answers(URI endpoint) throws InterruptedException {
        try {
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
