package dev.flowback.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowback.emulators.LocalTooling;
import dev.flowback.function.api.ApiRoute;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * openapi.yaml is the API's definition: it names exactly the operations the handler serves (method, resource,
 * path and query parameters, body or none), sends each to the function's alias with IAM authorization and request
 * validation, lets every other method and path reach the function (so they are answered in the error model), and
 * answers the gateway's own refusals as JSON in the same shape.
 */
class ApiDefinitionTest {
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    @SuppressWarnings("unchecked")
    static Map<String, Object> document() throws IOException {
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(
                Files.readString(LocalTooling.get().root().resolve("openapi.yaml")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDocumentDefinesExactlyTheOperationsTheHandlerServes() throws IOException {
        Map<String, Object> doc = document();
        Map<String, Object> paths = (Map<String, Object>) doc.get("paths");
        Map<String, Object> components = (Map<String, Object>) ((Map<String, Object>) doc.get("components"))
                .get("parameters");
        Set<String> documented = new TreeSet<>();
        for (Map.Entry<String, Object> path : paths.entrySet()) {
            Map<String, Object> item = (Map<String, Object>) path.getValue();
            assertTrue(item.containsKey("x-amazon-apigateway-any-method"), path.getKey()
                    + ": other methods must reach the function for a 405");
            List<Map<String, Object>> shared = (List<Map<String, Object>>) item.getOrDefault("parameters", List.of());
            for (Map.Entry<String, Object> operation : item.entrySet()) {
                if (!METHODS.contains(operation.getKey())) {
                    continue;
                }
                Map<String, Object> op = (Map<String, Object>) operation.getValue();
                String method = operation.getKey().toUpperCase(java.util.Locale.ROOT);
                ApiRoute route = ApiRoute.find(method, path.getKey()).orElseThrow(() -> new AssertionError(
                        "the handler has no route for " + method + " " + path.getKey()));
                documented.add(method + " " + path.getKey());
                assertEquals(route.operationId(), op.get("operationId"));
                List<Map<String, Object>> params = new ArrayList<>(shared);
                params.addAll((List<Map<String, Object>>) op.getOrDefault("parameters", List.of()));
                params.replaceAll(p -> p.containsKey("$ref") ? (Map<String, Object>) components.get(
                        ((String) p.get("$ref")).substring("#/components/parameters/".length())) : p);
                assertEquals(new TreeSet<>(route.pathParameters()), names(params, "path"), route.name());
                assertEquals(new TreeSet<>(route.queryParameters()), names(params, "query"), route.name());
                assertEquals(route.body() != ApiRoute.Body.NONE, op.containsKey("requestBody"), route.name());
                if (route.body() == ApiRoute.Body.JSON) {
                    assertEquals(Set.of("application/json"), ((Map<String, Object>) ((Map<String, Object>)
                            op.get("requestBody")).get("content")).keySet(), route.name());
                }
                assertEquals(List.of(Map.of("sigv4", List.of())), op.get("security"), route.name());
                integration(op, route.name());
            }
        }
        Set<String> served = new TreeSet<>();
        for (ApiRoute route : ApiRoute.values()) {
            served.add(route.method() + " " + route.resource());
        }
        assertEquals(served, documented);
        Map<String, Object> proxy = (Map<String, Object>) paths.get("/{proxy+}");
        assertNotNull(proxy, "unknown paths must reach the function for a 404");
        integration((Map<String, Object>) proxy.get("x-amazon-apigateway-any-method"), "/{proxy+}");
    }

    @SuppressWarnings("unchecked")
    private static void integration(Map<String, Object> operation, String what) {
        Map<String, Object> integration = (Map<String, Object>) operation.get("x-amazon-apigateway-integration");
        assertEquals("aws_proxy", integration.get("type"), what);
        assertEquals("POST", integration.get("httpMethod"), what);
        String uri = (String) ((Map<String, Object>) integration.get("uri")).get("Fn::Sub");
        assertTrue(uri.contains("${ApiFunctionAliaslive}"), what + " must invoke the alias, never $LATEST: " + uri);
        assertEquals(List.of(Map.of("sigv4", List.of())), operation.get("security"), what);
    }

    @Test
    @SuppressWarnings("unchecked")
    void requestsAreValidatedAndAuthorizedWithIam() throws IOException {
        Map<String, Object> doc = document();
        assertEquals("all", doc.get("x-amazon-apigateway-request-validator"));
        assertEquals(Map.of("validateRequestBody", true, "validateRequestParameters", true),
                ((Map<String, Object>) doc.get("x-amazon-apigateway-request-validators")).get("all"));
        Map<String, Object> sigv4 = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                doc.get("components")).get("securitySchemes")).get("sigv4");
        assertEquals("awsSigv4", sigv4.get("x-amazon-apigateway-authtype"));
        Map<String, Object> schemas = (Map<String, Object>) ((Map<String, Object>) doc.get("components"))
                .get("schemas");
        for (String body : List.of("UploadRequest", "EnvironmentCreate", "EnvironmentSettings", "RollbackStart",
                "Engine", "Health", "Rollout")) {
            assertEquals(false, ((Map<String, Object>) schemas.get(body)).get("additionalProperties"),
                    body + " refuses unknown fields at the gateway too");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theGatewaysOwnRefusalsAnswerInTheErrorModel() throws IOException {
        Map<String, Object> responses = (Map<String, Object>) document().get("x-amazon-apigateway-gateway-responses");
        assertTrue(responses.keySet().containsAll(Set.of("ACCESS_DENIED", "MISSING_AUTHENTICATION_TOKEN",
                "BAD_REQUEST_BODY", "BAD_REQUEST_PARAMETERS", "REQUEST_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE",
                "DEFAULT_4XX", "DEFAULT_5XX")), responses.keySet().toString());
        Set<String> codes = new TreeSet<>();
        for (Map.Entry<String, Object> response : responses.entrySet()) {
            String template = (String) ((Map<String, Object>) ((Map<String, Object>) response.getValue())
                    .get("responseTemplates")).get("application/json");
            // $context.error.messageString is a quoted JSON string when API Gateway fills it in.
            JsonNode body = ApiFixture.json(template.replace("$context.error.messageString", "\"message\""));
            JsonNode error = body.get("error");
            assertNotNull(error.get("code").asText(null), response.getKey());
            assertEquals("message", error.get("message").asText(), response.getKey());
            assertTrue(error.has("field"), response.getKey());
            codes.add(error.get("code").asText());
        }
        assertEquals(responses.size(), codes.size(), "one stable code per refusal: " + codes);
    }

    private static Set<String> names(List<Map<String, Object>> params, String in) {
        Set<String> names = new TreeSet<>();
        params.stream().filter(p -> in.equals(p.get("in"))).forEach(p -> names.add((String) p.get("name")));
        return names;
    }
}
