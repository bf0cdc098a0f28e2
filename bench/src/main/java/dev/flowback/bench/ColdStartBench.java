package dev.flowback.bench;

import dev.flowback.core.chain.Environments;
import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.PublishRequest;
import dev.flowback.emulators.S3ProxyEmulator;
import dev.flowback.sandbox.LocalStorage;
import dev.flowback.store.dynamodb.DynamoEnvironmentStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How long does a Lambda container of the chain take to get going? Starts the local stack, then launches
 * {@link ColdStartProbe} in a fresh JVM several times (with the JVM options template.yaml gives the functions)
 * and reports medians: JVM start to main, handler construction (clients, wiring), the first invocation (class
 * loading, first requests) and a warm one. A snapshot dry run is used: it reads DynamoDB and writes nothing.
 *
 * <p>Arguments: [runs]; default 7.
 */
public final class ColdStartBench {
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        try (LocalStorage stack = LocalStorage.start()) {
            Path examples = Path.of(System.getProperty("flowback.root", ".")).resolve("examples/support-triage");
            stack.registry().publish(PublishRequest.of(WorkflowId.of("support-triage"), VersionId.of("v1.0.0"),
                    Files.readAllBytes(examples.resolve("v1.0.0.json")), "bench", ""));
            new Environments(new DynamoEnvironmentStore(stack.dynamo(), LocalStorage.TABLE), Clock.systemUTC())
                    .create(Environment.of(EnvironmentRef.of("support-triage", "prod"), "flowback-engine", "2.4.1"));
            String payload = "{\"request\": {\"workflow_id\": \"support-triage\", \"environment\": \"prod\","
                    + " \"target_version\": \"v1.0.0\", \"dry_run\": true}, \"execution_id\": \"bench\","
                    + " \"started_at\": \"2026-11-26T10:00:00Z\"}";
            Map<String, String> env = Map.of(
                    "AWS_REGION", "us-east-1",
                    "AWS_ACCESS_KEY_ID", S3ProxyEmulator.ACCESS_KEY,
                    "AWS_SECRET_ACCESS_KEY", S3ProxyEmulator.SECRET_KEY,
                    "AWS_ENDPOINT_URL_DYNAMODB", stack.settings().endpoint("dynamodb").orElseThrow().toString(),
                    "AWS_ENDPOINT_URL_S3", stack.settings().endpoint("s3").orElseThrow().toString(),
                    "FLOWBACK_TABLE", LocalStorage.TABLE,
                    "FLOWBACK_BUCKET", LocalStorage.BUCKET,
                    "FLOWBACK_LOCK_LEASE_SECONDS", "900");
            List<double[]> results = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                results.add(probe(payload, env));
            }
            String[] names = {"JVM start to main", "handler construction", "first invocation", "warm invocation"};
            for (int k = 0; k < names.length; k++) {
                double[] values = new double[results.size()];
                for (int r = 0; r < values.length; r++) {
                    values[r] = results.get(r)[k];
                }
                Arrays.sort(values);
                System.out.printf("%-22s median %7.1f ms  (min %.1f, max %.1f, %d runs)%n", names[k],
                        values[values.length / 2], values[0], values[values.length - 1], values.length);
            }
        }
    }

    private static double[] probe(String payload, Map<String, String> env) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), ColdStartProbe.class.getName(), payload)
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String result = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("RESULT ")) {
                    result = line;
                }
            }
        }
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || result == null) {
            throw new IllegalStateException("the probe failed (exit " + process.exitValue() + ")");
        }
        String[] fields = result.substring("RESULT ".length()).trim().split(" ");
        double[] values = new double[fields.length];
        for (int i = 0; i < fields.length; i++) {
            values[i] = Double.parseDouble(fields[i]);
        }
        return values;
    }
}
