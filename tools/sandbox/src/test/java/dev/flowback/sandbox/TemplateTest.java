package dev.flowback.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.flowback.emulators.DynaliteEmulator;
import dev.flowback.emulators.LocalTooling;
import dev.flowback.function.runtime.FunctionConfig;
import dev.flowback.stepfunctions.StateMachineConfig;
import dev.flowback.store.dynamodb.FlowbackTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * template.yaml against the code and against its own security rules: every handler exists in the module its
 * CodeUri names; the state machine, the API and every event source invoke the live alias; each function's IAM
 * statements name exactly the AWS actions its code can call (SdkCalls follows the bytecode), on resources scoped as
 * tightly as the action allows; the table and bucket survive a stack deletion; the bucket refuses plain HTTP; logs
 * are kept for a set time; the table is the one FlowbackTable creates.
 */
class TemplateTest {
    private static final Path ROOT = LocalTooling.get().root();
    /** Where {@link #statements} puts the condition a conditional statement is under (not an IAM key). */
    static final String CONDITION = "(condition)";
    private static final Pattern ARTIFACT = Pattern.compile("</parent>\\s*<artifactId>([^<]+)</artifactId>");

    @SuppressWarnings("unchecked")
    static Map<String, Object> template() {
        try {
            return (Map<String, Object>) new Load(LoadSettings.builder().build())
                    .loadFromString(Files.readString(ROOT.resolve("template.yaml")));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> resources() {
        return (Map<String, Object>) template().get("Resources");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> resource(String name) {
        Map<String, Object> resource = (Map<String, Object>) resources().get(name);
        assertNotNull(resource, "template.yaml has no resource " + name);
        return resource;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> properties(String resource) {
        return (Map<String, Object>) resource(resource).get("Properties");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> definitionSubstitutions() {
        return (Map<String, Object>) properties("RollbackStateMachine").get("DefinitionSubstitutions");
    }

    static Map<String, Object> functions() {
        Map<String, Object> functions = new TreeMap<>();
        resources().forEach((name, body) -> {
            if ("AWS::Serverless::Function".equals(((Map<?, ?>) body).get("Type"))) {
                functions.put(name, body);
            }
        });
        return functions;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> globals() {
        return (Map<String, Object>) ((Map<String, Object>) template().get("Globals")).get("Function");
    }

    static Class<?> handler(String function) {
        String handler = (String) properties(function).get("Handler");
        assertTrue(handler.endsWith("::handleRequest"), handler);
        try {
            return Class.forName(handler.substring(0, handler.indexOf("::")));
        } catch (ClassNotFoundException e) {
            throw new AssertionError(function + ": handler " + handler + " does not exist (its module is not built"
                    + " into this classpath)", e);
        }
    }

    @Test
    void everyFunctionHandlerExistsInTheModuleItsCodeUriNames() throws Exception {
        List<String> problems = new ArrayList<>();
        for (String function : functions().keySet()) {
            try {
                Class<?> type = handler(function);
                assertTrue(RequestStreamHandler.class.isAssignableFrom(type)
                        || RequestHandler.class.isAssignableFrom(type), function + " is not a Lambda handler");
                type.getConstructor();
                String codeUri = (String) properties(function).get("CodeUri");
                assertTrue(codeUri.matches("functions/[a-z-]+"), function + ": CodeUri must name a module folder for"
                        + " sam build, was " + codeUri);
                String module = codeUri.substring("functions/".length());
                Matcher artifact = ARTIFACT.matcher(Files.readString(ROOT.resolve(codeUri).resolve("pom.xml")));
                assertTrue(artifact.find() && artifact.group(1).equals("flowback-function-" + module), codeUri);
                String classes = type.getProtectionDomain().getCodeSource().getLocation().getPath();
                assertTrue(classes.contains("/functions/" + module + "/")
                        || classes.contains("flowback-function-" + module + "-"),
                        function + " is built by " + codeUri + " (found in " + classes + ")");
            } catch (AssertionError | ReflectiveOperationException | IOException e) {
                problems.add(function + ": " + e.getMessage());
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        // The chain, the alarm trigger, the API and the reaper, and nothing else.
        assertTrue(functions().keySet().containsAll(Set.of("TriggerFunction", "ApiFunction",
                "ExecutionEndedFunction")), "the trigger, the API and the reaper");
        assertEquals(ChainFunction.values().length + 3, functions().size(), functions().keySet().toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theStateMachineInvokesTheAliasOfTheFunctionTheRunnerServesUnderEachToken() {
        Map<String, Object> substitutions = definitionSubstitutions();
        List<Object> invokable = new ArrayList<>();
        for (ChainFunction function : ChainFunction.values()) {
            String alias = (String) ((Map<String, Object>) substitutions.get(function.token())).get("Ref");
            assertNotNull(alias, function.token() + " must be a Ref to the function's alias");
            assertTrue(alias.endsWith(".Alias"), function.token() + " invokes " + alias + ", not the alias");
            String logical = alias.substring(0, alias.length() - ".Alias".length());
            assertEquals(function.handler().getName() + "::handleRequest", properties(logical).get("Handler"),
                    function.token());
            invokable.add(Map.of("Ref", alias));
        }
        assertEquals("statemachine/rollback.asl.json", properties("RollbackStateMachine").get("DefinitionUri"));
        Map<String, Object> invoke = statements("RollbackStateMachine").stream()
                .filter(s -> actions(s).contains("lambda:InvokeFunction")).findFirst().orElseThrow();
        assertEquals(invokable, invoke.get("Resource"), "the state machine may invoke exactly the chain's aliases");
    }

    @Test
    @SuppressWarnings("unchecked")
    void functionsRunJava21OnArm64WithSnapStartAndEveryCallerInvokesTheAlias() {
        Map<String, Object> globals = globals();
        assertEquals("java21", globals.get("Runtime"));
        assertEquals(List.of("arm64"), globals.get("Architectures"));
        assertEquals("live", globals.get("AutoPublishAlias"));
        assertEquals(Map.of("ApplyOn", "PublishedVersions"), globals.get("SnapStart"));
        assertEquals("Active", globals.get("Tracing"));
        Map<String, Object> variables = (Map<String, Object>) ((Map<String, Object>) globals.get("Environment"))
                .get("Variables");
        assertTrue(variables.keySet().containsAll(Set.of(FunctionConfig.TABLE, FunctionConfig.BUCKET,
                FunctionConfig.LOCK_LEASE_SECONDS)), variables.toString());
        for (String function : functions().keySet()) {
            Map<String, Object> props = properties(function);
            assertEquals(true, props.get("AutoPublishAliasAllProperties"), function
                    + ": any change must publish a version, or the alias keeps running the old one");
            assertFalse(props.containsKey("Runtime") || props.containsKey("AutoPublishAlias"), function);
        }
        resources().forEach((name, body) -> {
            Map<String, Object> resource = (Map<String, Object>) body;
            if ("AWS::Lambda::Permission".equals(resource.get("Type"))) {
                Map<String, Object> props = (Map<String, Object>) resource.get("Properties");
                String target = (String) ((Map<String, Object>) props.get("FunctionName")).get("Ref");
                assertTrue(target != null && target.endsWith(".Alias"), name + " must grant on the alias");
                assertTrue(props.containsKey("SourceArn"), name + " must be scoped to its source");
            }
        });
        Map<String, Object> reaper = (Map<String, Object>) properties("ExecutionEndedRule").get("EventPattern");
        assertEquals(List.of("aws.states"), reaper.get("source"));
        assertEquals(List.of(Map.of("Ref", "RollbackStateMachine")), ((Map<String, Object>) reaper.get("detail"))
                .get("stateMachineArn"), "only this stack's rollbacks");
        assertEquals(List.of(Map.of("Ref", "ExecutionEndedFunction.Alias")), ((List<Map<String, Object>>)
                properties("ExecutionEndedRule").get("Targets")).stream().map(t -> t.get("Arn")).toList());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theApiIsDefinedByTheOpenApiDocumentAndInvokesTheAlias() {
        Map<String, Object> api = properties("FlowbackApi");
        Map<String, Object> include = (Map<String, Object>) ((Map<String, Object>) api.get("DefinitionBody"))
                .get("Fn::Transform");
        assertEquals("AWS::Include", include.get("Name"));
        assertEquals(Map.of("Location", "openapi.yaml"), include.get("Parameters"));
        assertEquals(true, api.get("TracingEnabled"));
        Map<String, Object> permission = properties("ApiInvokePermission");
        assertEquals("apigateway.amazonaws.com", permission.get("Principal"));
        assertEquals(Map.of("Ref", "ApiFunction.Alias"), permission.get("FunctionName"));
        Map<String, Object> outputs = (Map<String, Object>) template().get("Outputs");
        assertTrue(outputs.keySet().containsAll(Set.of("ApiUrl", "RollbackStateMachineArn", "SnapshotBucketName",
                "TableName")), outputs.keySet().toString());
        for (String function : functions().keySet()) {
            Map<String, Object> environment = (Map<String, Object>) properties(function).get("Environment");
            Object arn = environment == null ? null : ((Map<String, Object>) environment.get("Variables"))
                    .get(StateMachineConfig.STATE_MACHINE_ARN);
            boolean starts = SdkCalls.of(handler(function)).contains("states:StartExecution");
            assertEquals(starts ? Map.of("Ref", "RollbackStateMachine") : null, arn, function
                    + ": the functions that start rollbacks, and only they, are told which state machine");
        }
        assertTrue(SdkCalls.of(handler("ApiFunction")).contains("states:StartExecution"), "the API starts rollbacks");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTriggerIsReachedByThisAccountsAlarmsOnlyThroughItsAliasAndKeepsWhatItFailedOn() {
        Map<String, Object> trigger = properties("TriggerFunction");
        assertEquals("dev.flowback.function.trigger.AlarmTriggerHandler::handleRequest", trigger.get("Handler"));
        Map<String, Object> variables = (Map<String, Object>) ((Map<String, Object>) trigger.get("Environment"))
                .get("Variables");
        assertEquals(Map.of("Ref", "EventBusName"), variables.get("FLOWBACK_EVENT_BUS"),
                "the trigger refuses to start without its bus");
        Map<String, Object> onFailure = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) trigger
                .get("EventInvokeConfig")).get("DestinationConfig")).get("OnFailure");
        assertEquals("SQS", onFailure.get("Type"));
        assertEquals(Map.of("Fn::GetAtt", List.of("TriggerFailureQueue", "Arn")), onFailure.get("Destination"));

        Map<String, Object> pattern = (Map<String, Object>) properties("AlarmStateChangeRule").get("EventPattern");
        assertEquals(List.of("aws.cloudwatch"), pattern.get("source"));
        assertEquals(List.of("CloudWatch Alarm State Change"), pattern.get("detail-type"));
        assertEquals(List.of(Map.of("Ref", "AWS::AccountId")), pattern.get("account"));
        assertEquals(Map.of("state", Map.of("value", List.of("ALARM", "INSUFFICIENT_DATA"))), pattern.get("detail"));
        assertEquals(List.of(Map.of("Ref", "TriggerFunction.Alias")), ((List<Map<String, Object>>)
                properties("AlarmStateChangeRule").get("Targets")).stream().map(t -> t.get("Arn")).toList());
        assertEquals(Map.of("Fn::GetAtt", List.of("AlarmStateChangeRule", "Arn")),
                properties("AlarmStateChangePermission").get("SourceArn"));

        Map<String, Object> action = properties("AlarmActionPermission");
        assertEquals("lambda.alarms.cloudwatch.amazonaws.com", action.get("Principal"));
        assertEquals(Map.of("Ref", "AWS::AccountId"), action.get("SourceAccount"));
        assertEquals(Map.of("Fn::Sub", "arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:*"),
                action.get("SourceArn"), "this account's alarms only");
        assertEquals(Map.of("Ref", "TriggerFunction.Alias"), action.get("FunctionName"));

        for (String optional : List.of("AlarmTopicSubscription", "AlarmTopicPermission")) {
            assertEquals("SubscribeToAlarmTopic", resource(optional).get("Condition"), optional + " is optional");
        }
        assertEquals(Map.of("Ref", "TriggerFunction.Alias"), properties("AlarmTopicSubscription").get("Endpoint"));
        assertEquals("lambda", properties("AlarmTopicSubscription").get("Protocol"));
        assertEquals("sns.amazonaws.com", properties("AlarmTopicPermission").get("Principal"));
        assertEquals(Map.of("Ref", "AlarmTopicArn"), properties("AlarmTopicPermission").get("SourceArn"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theStepsThatApplyAVersionToTheEngineHaveAMinuteAndEngineSecretsStayUnderTheirPrefix() {
        for (String applies : List.of("SwitchFunction", "CompensateFunction")) {
            assertEquals(60, properties(applies).get("Timeout"), applies + ": a Dify apply takes up to a minute");
        }
        Map<String, Object> prefix = (Map<String, Object>) ((Map<String, Object>) template().get("Parameters"))
                .get("EngineSecretsPrefix");
        assertEquals("flowback/", prefix.get("Default"));
        assertFalse("".matches((String) prefix.get("AllowedPattern")), "an empty prefix would allow every secret");
        assertFalse("*".matches((String) prefix.get("AllowedPattern")), "a wildcard prefix would allow every secret");
        Set<String> readers = new TreeSet<>();
        functions().keySet().forEach(f -> statements(f).stream()
                .filter(st -> actions(st).contains("secretsmanager:GetSecretValue")).forEach(st -> readers.add(f)));
        assertEquals(new TreeSet<>(Set.of("PauseFunction", "CheckDrainFunction", "SwitchFunction",
                "CheckHealthFunction", "VerifyFunction", "FinishRevertFunction", "CompensateFunction",
                "ExecutionEndedFunction")), readers, "the functions that reach the engine adapters");
    }

    /** What each function's code can call, and exactly that, is what its statements allow. */
    @Test
    void eachFunctionsStatementsNameExactlyTheActionsItsCodeCalls() {
        List<String> problems = new ArrayList<>();
        for (String function : functions().keySet()) {
            Set<String> declared = new TreeSet<>();
            statements(function).forEach(s -> declared.addAll(actions(s)));
            // Secrets Manager decrypts with a customer-managed key on the caller's behalf: the function's own
            // permission, though no SDK call of its code names KMS (scoped in statementsAreScoped...).
            boolean decrypts = declared.remove("kms:Decrypt");
            Set<String> called;
            try {
                called = SdkCalls.of(handler(function));
            } catch (AssertionError e) {
                problems.add(function + ": " + e.getMessage());
                continue;
            }
            if (decrypts != called.contains("secretsmanager:GetSecretValue")) {
                problems.add(function + ": kms:Decrypt (for a customer-managed key) exactly where secrets are read");
            }
            if (!declared.equals(called)) {
                Set<String> missing = new TreeSet<>(called);
                missing.removeAll(declared);
                Set<String> extra = new TreeSet<>(declared);
                extra.removeAll(called);
                problems.add(function + ": the code calls " + called + "; the statements allow " + declared
                        + (missing.isEmpty() ? "" : "; missing " + missing) + (extra.isEmpty() ? "" : "; never called "
                        + extra));
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    @SuppressWarnings("unchecked")
    void statementsAreScopedAsTightlyAsEachActionAllows() {
        for (String function : functions().keySet()) {
            List<Object> policies = (List<Object>) properties(function).get("Policies");
            assertEquals(1, policies.size(), function + ": one list of explicit statements, no SAM policy templates"
                    + " (DynamoDBCrudPolicy grants actions no function calls)");
            for (Map<String, Object> statement : statements(function)) {
                assertEquals("Allow", statement.get("Effect"));
                Set<String> actions = actions(statement);
                Object resource = statement.get("Resource");
                actions.forEach(a -> assertFalse(a.contains("*"), function + ": wildcard action " + a));
                if (actions.contains("secretsmanager:GetSecretValue")) {
                    assertEquals(Set.of("secretsmanager:GetSecretValue"), actions, function);
                    assertEquals(Map.of("Fn::Sub", "arn:${AWS::Partition}:secretsmanager:${AWS::Region}"
                            + ":${AWS::AccountId}:secret:${EngineSecretsPrefix}*"), resource, function
                            + ": only this account's secrets under the engine secrets' prefix");
                }
                if (actions.contains("kms:Decrypt")) {
                    assertEquals(Set.of("kms:Decrypt"), actions, function);
                    assertEquals(Map.of("Ref", "EngineSecretsKmsKeyArn"), resource, function);
                    assertEquals(Map.of("StringEquals", Map.of("kms:ViaService", Map.of("Fn::Sub",
                            "secretsmanager.${AWS::Region}.amazonaws.com"))), statement.get("Condition"), function
                            + ": decrypts only through Secrets Manager");
                    assertEquals("EngineSecretsUseOwnKey", statement.get(CONDITION), function
                            + ": only when the secrets use a customer-managed key");
                }
                if (actions.contains("events:PutEvents")) {
                    assertEquals(Set.of("events:PutEvents"), actions, function);
                    assertEquals(Map.of("Fn::Sub", "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}"
                            + ":event-bus/${EventBusName}"), resource, function + ": the stack's bus only");
                }
                if (resource.equals("*")) {
                    assertEquals(Set.of("cloudwatch:GetMetricData"), actions, function
                            + ": only GetMetricData, which has no resource-level permissions, may name \"*\"");
                }
                if (actions.contains("dynamodb:DeleteItem")) {
                    assertEquals(Set.of("dynamodb:DeleteItem"), actions, function);
                    // Environment partitions everywhere; alarm mappings (ALARM#{name}) and fingerprint claims
                    // (FPCLAIM#{workflow}, released by a publish that lost a race) only in the API, which does both.
                    List<String> partitions = function.equals("ApiFunction")
                            ? List.of("WF#*#ENV#*", "ALARM#*", "FPCLAIM#*") : List.of("WF#*#ENV#*");
                    assertEquals(Map.of("ForAllValues:StringLike", Map.of("dynamodb:LeadingKeys", partitions)),
                            statement.get("Condition"), function + ": deletes only in environment partitions (and"
                            + " alarm mappings), never version metadata");
                    for (String pattern : partitions) {
                        assertFalse(Pattern.matches(pattern.replace("*", ".*"), "WF#wf-abc123"), pattern
                                + " would allow deleting a version's metadata");
                    }
                }
                if (actions.stream().anyMatch(a -> a.startsWith("dynamodb:"))) {
                    String text = resource.toString();
                    assertTrue(text.contains("FlowbackTable"), function + ": " + text);
                }
                if (actions.contains("cloudwatch:DescribeAlarms")) {
                    assertEquals(Map.of("Fn::Sub",
                            "arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:*"), resource);
                }
                if (actions.stream().anyMatch(a -> a.startsWith("s3:"))) {
                    List<Object> keys = resource instanceof List<?> list ? (List<Object>) list : List.of(resource);
                    for (Object key : keys) {
                        String sub = (String) ((Map<String, Object>) key).get("Fn::Sub");
                        assertTrue(sub.equals("${SnapshotBucket.Arn}/snapshots/*")
                                || sub.equals("${SnapshotBucket.Arn}/uploads/*"), function + ": " + sub);
                    }
                }
                if (actions.contains("states:StartExecution")) {
                    assertEquals(Set.of("states:StartExecution"), actions, function);
                    assertEquals(Map.of("Ref", "RollbackStateMachine"), resource, function);
                }
                if (actions.contains("states:DescribeExecution")) {
                    assertEquals(Set.of("states:DescribeExecution"), actions, function);
                    assertEquals(Map.of("Fn::Sub", "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}"
                            + ":execution:${RollbackStateMachine.Name}:*"), resource, function
                            + ": the executions of this state machine only");
                }
            }
        }
        Set<String> forbidden = Set.of("dynamodb:DeleteTable", "dynamodb:BatchWriteItem", "dynamodb:Scan",
                "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutBucketPolicy");
        resources().keySet().stream().filter(r -> properties(r) != null && properties(r).get("Policies") != null)
                .forEach(r -> statements(r).forEach(s -> actions(s).forEach(a -> assertFalse(forbidden.contains(a),
                        r + " is allowed " + a))));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTableAndBucketOutliveTheStackAndTheBucketRefusesPlainHttp() {
        for (String kept : List.of("FlowbackTable", "SnapshotBucket")) {
            assertEquals("Retain", resource(kept).get("DeletionPolicy"), kept);
            assertEquals("Retain", resource(kept).get("UpdateReplacePolicy"), kept);
        }
        Map<String, Object> bucket = properties("SnapshotBucket");
        assertEquals("Enabled", ((Map<String, Object>) bucket.get("VersioningConfiguration")).get("Status"));
        assertEquals(Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true,
                "RestrictPublicBuckets", true), bucket.get("PublicAccessBlockConfiguration"));
        Map<String, Object> policy = properties("SnapshotBucketPolicy");
        assertEquals(Map.of("Ref", "SnapshotBucket"), policy.get("Bucket"));
        List<Map<String, Object>> denies = (List<Map<String, Object>>) ((Map<String, Object>) policy
                .get("PolicyDocument")).get("Statement");
        Map<String, Object> tls = denies.stream().filter(s -> "Deny".equals(s.get("Effect"))).findFirst()
                .orElseThrow();
        assertEquals("*", tls.get("Principal"));
        assertEquals("s3:*", tls.get("Action"));
        assertEquals(Map.of("Bool", Map.of("aws:SecureTransport", "false")), tls.get("Condition"));
        assertEquals(List.of(Map.of("Fn::GetAtt", List.of("SnapshotBucket", "Arn")),
                Map.of("Fn::Sub", "${SnapshotBucket.Arn}/*")), tls.get("Resource"));
        List<Map<String, Object>> rules = (List<Map<String, Object>>) ((Map<String, Object>) bucket
                .get("LifecycleConfiguration")).get("Rules");
        assertTrue(rules.stream().allMatch(r -> "uploads/".equals(r.get("Prefix"))),
                "only staged uploads expire, never snapshots: " + rules);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyFunctionAndTheStateMachineLogToAKeptGroupWithRetentionAndTheStateMachineIsTraced() {
        for (String function : functions().keySet()) {
            Map<String, Object> logging = (Map<String, Object>) properties(function).get("LoggingConfig");
            assertNotNull(logging, function);
            String group = (String) ((Map<String, Object>) logging.get("LogGroup")).get("Ref");
            assertKeptLogGroup(group);
        }
        Map<String, Object> machine = properties("RollbackStateMachine");
        assertEquals(Map.of("Enabled", true), machine.get("Tracing"));
        Map<String, Object> logging = (Map<String, Object>) machine.get("Logging");
        assertEquals("ALL", logging.get("Level"));
        Map<String, Object> destination = (Map<String, Object>) ((List<Map<String, Object>>) logging
                .get("Destinations")).get(0).get("CloudWatchLogsLogGroup");
        assertKeptLogGroup((String) ((List<Object>) ((Map<String, Object>) destination.get("LogGroupArn"))
                .get("Fn::GetAtt")).get(0));
    }

    private static void assertKeptLogGroup(String name) {
        Map<String, Object> group = resource(name);
        assertEquals("AWS::Logs::LogGroup", group.get("Type"), name);
        assertEquals(Map.of("Ref", "LogRetentionDays"), properties(name).get("RetentionInDays"), name);
        assertEquals("Retain", group.get("DeletionPolicy"), name);
        assertEquals("Retain", group.get("UpdateReplacePolicy"), name);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTableHasTheKeysAndIndexesFlowbackTableCreates() {
        TableDescription created;
        try (DynaliteEmulator dynalite = DynaliteEmulator.start()) {
            FlowbackTable.create(dynalite.client(), "shape");
            created = dynalite.client().describeTable(b -> b.tableName("shape")).table();
        }
        Map<String, Object> table = properties("FlowbackTable");
        assertEquals("PAY_PER_REQUEST", table.get("BillingMode"));

        Map<String, String> declared = new TreeMap<>();
        ((List<Map<String, Object>>) table.get("AttributeDefinitions")).forEach(a ->
                declared.put((String) a.get("AttributeName"), (String) a.get("AttributeType")));
        Map<String, String> actual = new TreeMap<>();
        created.attributeDefinitions().forEach(a -> actual.put(a.attributeName(), a.attributeTypeAsString()));
        assertEquals(actual, declared);

        assertEquals(created.keySchema().stream().map(k -> k.attributeName() + ":" + k.keyTypeAsString()).toList(),
                ((List<Map<String, Object>>) table.get("KeySchema")).stream()
                        .map(k -> k.get("AttributeName") + ":" + k.get("KeyType")).toList());

        Set<String> declaredIndexes = new TreeSet<>();
        ((List<Map<String, Object>>) table.get("LocalSecondaryIndexes")).forEach(i -> declaredIndexes.add(
                i.get("IndexName") + " " + ((List<Map<String, Object>>) i.get("KeySchema")).stream()
                        .map(k -> k.get("AttributeName") + ":" + k.get("KeyType")).toList() + " "
                        + ((Map<String, Object>) i.get("Projection")).get("ProjectionType")));
        Set<String> createdIndexes = new TreeSet<>();
        created.localSecondaryIndexes().forEach(i -> createdIndexes.add(i.indexName() + " " + i.keySchema().stream()
                .map(k -> k.attributeName() + ":" + k.keyTypeAsString()).toList() + " "
                + i.projection().projectionTypeAsString()));
        assertEquals(createdIndexes, declaredIndexes);
    }

    /**
     * The statements of {@code resource}'s policies; a statement under {@code Fn::If [condition, statement,
     * AWS::NoValue]} is returned with the condition's name under {@link #CONDITION}.
     */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> statements(String resource) {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Object policy : (List<Object>) properties(resource).get("Policies")) {
            Object list = ((Map<String, Object>) policy).get("Statement");
            assertNotNull(list, resource + ": a policy that is not a list of statements: " + policy);
            for (Map<String, Object> statement : (List<Map<String, Object>>) list) {
                List<Object> conditional = (List<Object>) statement.get("Fn::If");
                if (conditional == null) {
                    statements.add(statement);
                    continue;
                }
                assertEquals(Map.of("Ref", "AWS::NoValue"), conditional.get(2), resource
                        + ": a conditional statement is there or not, never another statement");
                Map<String, Object> chosen = new HashMap<>((Map<String, Object>) conditional.get(1));
                chosen.put(CONDITION, conditional.get(0));
                statements.add(chosen);
            }
        }
        return statements;
    }

    @SuppressWarnings("unchecked")
    static Set<String> actions(Map<String, Object> statement) {
        Object action = statement.get("Action");
        return action instanceof List<?> list ? new TreeSet<>((List<String>) list) : new TreeSet<>(Set.of(
                (String) action));
    }
}
