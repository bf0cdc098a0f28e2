package dev.flowback.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowback.core.error.ErrorCatalog;
import dev.flowback.emulators.AslValidator;
import dev.flowback.emulators.LocalTooling;
import dev.flowback.function.runtime.PayloadJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The rules every state machine of ours keeps, read from the files that get deployed. */
class StateMachineDefinitionTest {
    /** Lambda's own throttling and service failures, which Step Functions reports under these names. */
    static final List<String> LAMBDA_SERVICE_ERRORS = List.of("Lambda.ServiceException", "Lambda.AWSLambdaException",
            "Lambda.SdkClientException", "Lambda.TooManyRequestsException");
    private static final Pattern TOKEN = Pattern.compile("\\$\\{([A-Za-z0-9]+)}");
    private static final Path DIRECTORY = LocalTooling.get().root().resolve("statemachine");
    private static final Path ROLLBACK = DIRECTORY.resolve("rollback.asl.json");

    private static List<Path> definitions() throws IOException {
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".asl.json")).sorted().toList();
        }
    }

    private static Map<String, String> placeholderArns(String text) {
        Map<String, String> values = new HashMap<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            values.put(m.group(1), m.group(1).endsWith("FunctionArn")
                    ? "arn:aws:lambda:eu-west-1:123456789012:function:" + m.group(1) : "default");
        }
        return values;
    }

    @Test
    void aslValidatorAcceptsEveryStateMachineAsDeployed() throws IOException {
        List<Path> files = definitions();
        assertFalse(files.isEmpty());
        for (Path file : files) {
            AslValidator.validate(file, placeholderArns(Files.readString(file)));
        }
    }

    @Test
    void everyLambdaTaskRetriesExactlyTheTransientErrorsAndCatchesTheRest() throws IOException {
        List<String> transientNames = new ArrayList<>();
        ErrorCatalog.TRANSIENT.forEach(type -> transientNames.add(ErrorCatalog.errorName(type)));
        transientNames.addAll(LAMBDA_SERVICE_ERRORS);
        JsonNode states = PayloadJson.MAPPER.readTree(ROLLBACK.toFile()).path("States");
        int lambdaTasks = 0;
        for (Map.Entry<String, JsonNode> entry : states.properties()) {
            String name = entry.getKey();
            JsonNode state = entry.getValue();
            if (!"Task".equals(state.path("Type").asText())) {
                continue;
            }
            assertTrue(state.path("TimeoutSeconds").asInt() > 0, name + " has TimeoutSeconds");
            assertTrue(state.path("Retry").size() > 0, name + " retries");
            String resource = state.path("Resource").asText();
            assertFalse(resource.contains(":::lambda:invoke"), name + " names a plain Lambda ARN");
            if (!resource.endsWith("FunctionArn}")) {
                continue;
            }
            lambdaTasks++;
            JsonNode retry = state.path("Retry").get(0);
            List<String> retried = new ArrayList<>();
            retry.path("ErrorEquals").forEach(e -> retried.add(e.asText()));
            assertEquals(transientNames, retried, name + " retries ErrorCatalog.TRANSIENT and Lambda's own errors");
            assertTrue(retry.path("BackoffRate").asDouble() > 1 && retry.path("MaxAttempts").asInt() <= 5,
                    name + " backs off, boundedly");
            JsonNode catches = state.path("Catch");
            JsonNode last = catches.get(catches.size() - 1);
            assertEquals(List.of("States.ALL"), List.of(last.path("ErrorEquals").get(0).asText()), name);
            assertEquals(1, last.path("ErrorEquals").size(), name + ": States.ALL stands alone, last");
            if (!name.equals("Compensate")) {
                catches.forEach(c -> assertEquals("Compensate", c.path("Next").asText(), name + " compensates"));
            }
        }
        assertEquals(ChainFunction.values().length, lambdaTasks);
    }

    @Test
    void compensationRetriesAnyErrorBoundedlyAndAFinalFailureIsAnnouncedBeforeTheExecutionFails() throws IOException {
        JsonNode states = PayloadJson.MAPPER.readTree(ROLLBACK.toFile()).path("States");
        JsonNode retry = states.path("Compensate").path("Retry");
        assertEquals(2, retry.size(), "the transient retrier, then any error: compensation is idempotent");
        assertEquals("States.ALL", retry.get(1).path("ErrorEquals").get(0).asText());
        assertEquals(1, retry.get(1).path("ErrorEquals").size());
        assertTrue(retry.get(1).path("MaxAttempts").asInt() >= 1 && retry.get(1).path("MaxAttempts").asInt() <= 3);
        assertEquals("CompensationFailed", states.path("Compensate").path("Catch").get(0).path("Next").asText());

        JsonNode choice = states.path("CompensationFailed");
        assertEquals("Choice", choice.path("Type").asText());
        List<String> describers = new ArrayList<>();
        choice.path("Choices").forEach(c -> describers.add(c.path("Next").asText()));
        describers.add(choice.path("Default").asText());
        assertEquals(3, describers.size());
        for (String describer : describers) {
            JsonNode pass = states.path(describer);
            assertEquals("Pass", pass.path("Type").asText(), describer);
            assertEquals("$.outcome", pass.path("ResultPath").asText(),
                    describer + " writes what AnnounceFailed sends");
            assertEquals("AnnounceFailed", pass.path("Next").asText(), describer);
            JsonNode parameters = pass.path("Parameters");
            for (String field : List.of("status", "execution_id.$", "error.$", "message.$")) {
                assertTrue(parameters.has(field), describer + " sets " + field);
            }
            assertTrue(parameters.path("message.$").asText().contains("compensation failed: {}"), describer);
            assertTrue(parameters.has("workflow_id.$") || parameters.has("workflow_id"), describer);
        }
        assertEquals("Failed", states.path("AnnounceFailed").path("Next").asText());
    }

    @Test
    void theRevertGoesThroughPauseAndSwitchOnceAndIsNeverVerified() throws IOException {
        JsonNode states = PayloadJson.MAPPER.readTree(ROLLBACK.toFile()).path("States");
        JsonNode reverting = null;
        for (JsonNode choice : states.path("Verified").path("Choices")) {
            if ("StartRevert".equals(choice.path("Next").asText())) {
                reverting = choice;
            }
        }
        assertTrue(reverting != null, "Verified routes REVERTING to StartRevert");
        String rule = reverting.toString();
        assertTrue(rule.contains("\"StringEquals\":\"REVERTING\"") && rule.contains("\"$.ticket.revert\"")
                && rule.contains("\"BooleanEquals\":false"), "only a forward ticket is reverted: " + rule);

        JsonNode start = states.path("StartRevert");
        assertEquals("$.outcome.revert", start.path("InputPath").asText());
        assertEquals("$.ticket", start.path("ResultPath").asText());
        assertEquals("Pause", start.path("Next").asText(), "the switch back drains like any switch");

        assertEquals("IsRevert", states.path("Switch").path("Next").asText());
        JsonNode isRevert = states.path("IsRevert");
        assertEquals(1, isRevert.path("Choices").size());
        assertEquals("$.ticket.revert", isRevert.path("Choices").get(0).path("Variable").asText());
        assertEquals("FinishRevert", isRevert.path("Choices").get(0).path("Next").asText());
        assertEquals("CheckHealth", isRevert.path("Default").asText());
        assertTrue(states.path("Begin").path("Parameters").has("health"), "the window starts as null: the first"
                + " check starts it, no Pass state needed");
        assertTrue(states.path("Begin").path("Parameters").path("health").isNull());
        assertEquals("AnnounceFailed", states.path("FinishRevert").path("Next").asText(),
                "after the switch back: no second verification");
    }

    @Test
    void theTokensAreExactlyThoseTheRunnerAndTheTemplateFill() throws IOException {
        TreeSet<String> tokens = new TreeSet<>(placeholderArns(Files.readString(ROLLBACK)).keySet());
        TreeSet<String> filled = new TreeSet<>(Stream.of(ChainFunction.values()).map(ChainFunction::token).toList());
        filled.add("EventBusName");
        assertEquals(filled, tokens);
        assertEquals(filled, new TreeSet<>(TemplateTest.definitionSubstitutions().keySet()));
    }

    @Test
    void theExecutionIdComesFromTheContextObject() throws IOException {
        JsonNode begin = PayloadJson.MAPPER.readTree(ROLLBACK.toFile()).path("States").path("Begin");
        assertEquals("$$.Execution.Id", begin.path("Parameters").path("execution_id.$").asText());
        assertEquals("$$.Execution.StartTime", begin.path("Parameters").path("started_at.$").asText());
    }
}
