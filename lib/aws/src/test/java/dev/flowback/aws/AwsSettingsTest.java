package dev.flowback.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AwsSettingsTest {
    @Test
    void theSdksEndpointVariablesBecomeExplicitEndpoints() {
        AwsSettings settings = AwsSettings.fromEnvironment(Map.of("AWS_REGION", "eu-west-1",
                "AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9000 ",
                "AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://127.0.0.1:5000"));

        assertEquals("eu-west-1", settings.region().id());
        assertEquals(Optional.of(URI.create("http://127.0.0.1:9000")), settings.endpoint("s3"));
        assertEquals(Optional.of(URI.create("http://127.0.0.1:5000")), settings.endpoint("secretsmanager"));
        assertTrue(settings.endpoint("dynamodb").isEmpty(), "no variable, no override: the SDK's own endpoint");
    }

    @Test
    void aMissingRegionIsNamed() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> AwsSettings.fromEnvironment(Map.of("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9000")));
        assertTrue(e.getMessage().contains("AWS_REGION"), e.getMessage());
    }
}
