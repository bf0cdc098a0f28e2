package dev.flowback.bench;

import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.PublishRequest;
import dev.flowback.emulators.MotoServer;
import dev.flowback.emulators.S3ProxyEmulator;
import dev.flowback.sandbox.LocalStorage;
import dev.flowback.stepfunctions.SfnRollbackExecutions;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Issue #13 item 1: how long a Lambda container of each function takes from JVM launch to its first response, and
 * how many classes it loads, against two baselines measured in the same run: a hello-world JVM and a bare one-request
 * SDK JVM (a DynamoDB client built as AwsSettings builds one, one GetItem). Every probe is a fresh JVM
 * ({@link ColdStartProbe}) with only the function's deployed artifact on its class path (functions/X/target/lambda,
 * what sam build deploys, SDK shrunk; see {@link DeployedArtifact}), the JVM flags template.yaml gives the functions
 * (JAVA_TOOL_OPTIONS), the real no-argument handler constructor wired from environment variables pointed at loopback
 * emulators (S3Proxy and dynalite; moto for Step Functions and EventBridge), and one real-shaped event on a fresh
 * environment of its own ({@link ColdStartEvents}).
 * Rounds interleave every candidate (order rotated each round), so machine load hits baselines and functions alike.
 *
 * <p>Modes: {@code plain} (goal: each function at most 1.1x the SDK baseline); {@code cds}, an AppCDS archive taken
 * at exit of a training JVM that built the handler and ran its SnapStart priming (the local stand-in for a SnapStart
 * restore; goal: at most 3x hello-world); {@code cds-bare}, the same archive taken after construction only (what
 * the priming adds); {@code aot}, JDK 25's AOT cache taken after the same priming (JDK 25's own hello-world is its
 * baseline).
 *
 * <p>Arguments (any order): {@code pairs=N} (default 6: about 4 minutes idle on 2 cores with the default
 * modes), {@code only=snapshot,switch,...} (default all),
 * {@code modes=plain,cds,cds-bare,aot} (default plain,cds), {@code jdk25=/path} (default
 * /usr/lib/jvm/temurin-25-jdk-amd64).
 */
public final class ColdStartBench {
    /** Every deployed function: name, module, handler class, probe kind (template.yaml's Handler entries). */
    static final List<String[]> FUNCTIONS = List.of(
            new String[] {"snapshot", "snapshot", "dev.flowback.function.snapshot.SnapshotHandler", "stream"},
            new String[] {"validate", "validate", "dev.flowback.function.validate.ValidateHandler", "stream"},
            new String[] {"pause", "pause", "dev.flowback.function.pause.PauseHandler", "stream"},
            new String[] {"check-drain", "pause", "dev.flowback.function.pause.CheckDrainHandler", "stream"},
            new String[] {"switch", "switch", "dev.flowback.function.switchover.SwitchHandler", "stream"},
            new String[] {"check-health", "verify", "dev.flowback.function.verify.CheckHealthHandler", "stream"},
            new String[] {"verify", "verify", "dev.flowback.function.verify.VerifyHandler", "stream"},
            new String[] {"finish-revert", "verify", "dev.flowback.function.verify.FinishRevertHandler", "stream"},
            new String[] {"compensate", "pause", "dev.flowback.function.pause.CompensateHandler", "stream"},
            new String[] {"execution-ended", "pause", "dev.flowback.function.pause.ExecutionEndedHandler", "stream"},
            new String[] {"trigger", "trigger", "dev.flowback.function.trigger.AlarmTriggerHandler", "stream"},
            new String[] {"api", "api", "dev.flowback.function.api.ApiHandler", "api"});
    private static final String HELLO = "hello-world";
    private static final String SDK = "sdk-baseline";
    private static final Pattern TOOL_OPTIONS = Pattern.compile("JAVA_TOOL_OPTIONS:\\s*\"([^\"]*)\"");
    private static final Pattern HANDLER = Pattern.compile("Handler:\\s*([\\w.]+)::handleRequest");

    private final Path root;
    private final Path work;
    private final Path probeJar;
    private final String toolOptions;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final String jdk25;

    private record Candidate(String name, String kind, String handler, String jar) {
        boolean function() {
            return !name.equals(HELLO) && !name.equals(SDK);
        }
    }

    /** One probe's figures. */
    private record Sample(double wallMs, int classes, double constructMs, double firstMs, String answer) {
    }

    private ColdStartBench(Path root, String jdk25) throws IOException {
        this.root = root;
        this.jdk25 = jdk25;
        this.work = Files.createTempDirectory("flowback-coldstart");
        this.probeJar = probeJar(work);
        String template = Files.readString(root.resolve("template.yaml"));
        Matcher options = TOOL_OPTIONS.matcher(template);
        this.toolOptions = options.find() ? options.group(1) : "";
        Matcher handlers = HANDLER.matcher(template);
        List<String> known = FUNCTIONS.stream().map(f -> f[2]).toList();
        while (handlers.find()) {
            if (!known.contains(handlers.group(1))) {
                throw new IllegalStateException("template.yaml deploys " + handlers.group(1)
                        + ", which this benchmark does not probe: add it to FUNCTIONS");
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of("pairs", "6", "modes", "plain,cds",
                "jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64"));
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("arguments are name=value: pairs=N only=a,b modes=plain,cds,"
                        + "cds-bare,aot jdk25=/path; got " + arg);
            }
            options.put(kv[0], kv[1]);
        }
        int pairs = Integer.parseInt(options.get("pairs"));
        List<String> modes = List.of(options.get("modes").split(","));
        List<String> only = options.containsKey("only") ? List.of(options.get("only").split(","))
                : FUNCTIONS.stream().map(f -> f[0]).toList();
        Path root = Path.of(System.getProperty("flowback.root", ".")).toAbsolutePath().normalize();
        new ColdStartBench(root, options.get("jdk25")).run(pairs, modes, only);
    }

    private void run(int pairs, List<String> modes, List<String> only) throws Exception {
        List<Candidate> candidates = new ArrayList<>();
        candidates.add(new Candidate(HELLO, "hello", "", null));
        candidates.add(new Candidate(SDK, "sdk", "", jar("snapshot")));
        for (String[] f : FUNCTIONS) {
            if (only.contains(f[0])) {
                candidates.add(new Candidate(f[0], f[3], f[2], jar(f[1])));
            }
        }
        boolean moto = only.contains("trigger");
        long setupStarted = System.nanoTime();
        try (LocalStorage stack = LocalStorage.start(); MotoServer sfn = moto ? MotoServer.start() : null) {
            for (String workflow : List.of(ColdStartEvents.WORKFLOW, ColdStartEvents.REVERTED_WORKFLOW)) {
                for (String v : List.of("v1.0.0", "v1.1.0")) {
                    stack.registry().publish(PublishRequest.of(WorkflowId.of(workflow), VersionId.of(v),
                            Files.readAllBytes(root.resolve("examples/support-triage/" + v + ".json")), "bench", ""));
                }
            }
            environment(stack, sfn);
            ColdStartEvents events = new ColdStartEvents(stack, root, work);
            Map<String, Path> archives = train(candidates, modes, events);
            System.out.printf(Locale.ROOT, "setup and training: %.0f s%n", (System.nanoTime() - setupStarted) / 1e9);

            Map<String, List<Sample>> samples = new LinkedHashMap<>();
            long started = System.nanoTime();
            for (int round = 0; round < pairs; round++) {
                List<Candidate> order = new ArrayList<>(candidates);
                Collections.rotate(order, round);
                for (Candidate c : order) {
                    for (String mode : modes) {
                        if (mode.equals("cds-bare") && !c.function()) {
                            continue;
                        }
                        String key = c.name() + "|" + mode;
                        Path event = c.function() ? events.prepare(c.name()) : hello();
                        samples.computeIfAbsent(key, k -> new ArrayList<>())
                                .add(probe(c, mode, event, archives.get(key)));
                    }
                    if (modes.contains("aot") && c.name().equals(HELLO)) {
                        samples.computeIfAbsent(HELLO + "|jdk25", k -> new ArrayList<>())
                                .add(probe(c, "jdk25", hello(), null));
                    }
                }
            }
            report(candidates, modes, samples, pairs, (System.nanoTime() - started) / 1e9);
        }
    }

    /** The probes' environment: what template.yaml sets, pointed at the local emulators. */
    private void environment(LocalStorage stack, MotoServer moto) {
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", S3ProxyEmulator.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", S3ProxyEmulator.SECRET_KEY);
        env.put("AWS_ENDPOINT_URL_DYNAMODB", stack.settings().endpoint("dynamodb").orElseThrow().toString());
        env.put("AWS_ENDPOINT_URL_S3", stack.settings().endpoint("s3").orElseThrow().toString());
        env.put("FLOWBACK_TABLE", LocalStorage.TABLE);
        env.put("FLOWBACK_BUCKET", LocalStorage.BUCKET);
        env.put("FLOWBACK_LOCK_LEASE_SECONDS", "900");
        env.put("FLOWBACK_EVENT_BUS", "default");
        env.put("JAVA_TOOL_OPTIONS", toolOptions);
        String machine = "arn:aws:states:us-east-1:123456789012:stateMachine:flowback-rollback";
        if (moto != null) {
            for (String service : List.of("SFN", "EVENTBRIDGE", "SECRETS_MANAGER")) {
                env.put("AWS_ENDPOINT_URL_" + service, moto.endpoint().toString());
            }
            try (SfnClient sfn = SfnRollbackExecutions.client(stack.settings().withEndpoint("sfn", moto.endpoint()))) {
                machine = sfn.createStateMachine(b -> b.name("flowback-rollback")
                        .definition("{\"StartAt\": \"Wait\", \"States\": {\"Wait\": {\"Type\": \"Wait\","
                                + " \"Seconds\": 600, \"End\": true}}}")
                        .roleArn("arn:aws:iam::" + MotoServer.ACCOUNT + ":role/flowback-rollback")).stateMachineArn();
            }
        }
        env.put("FLOWBACK_STATE_MACHINE_ARN", machine);
    }

    /** One training JVM per candidate and archive mode; the archive is what that mode's probes start from. */
    private Map<String, Path> train(List<Candidate> candidates, List<String> modes, ColdStartEvents events)
            throws Exception {
        Map<String, Path> archives = new LinkedHashMap<>();
        for (Candidate c : candidates) {
            for (String mode : modes) {
                if (mode.equals("plain") || (mode.equals("cds-bare") && !c.function())) {
                    continue;
                }
                String step = !c.function() ? "run" : mode.equals("cds-bare") ? "construct" : "prime";
                Path event = c.function() ? events.prepare(c.name()) : hello();
                Path archive = work.resolve(c.name() + "-" + mode + (mode.equals("aot") ? ".aot" : ".jsa"));
                String flag = mode.equals("aot") ? "-XX:AOTCacheOutput=" + archive
                        : "-XX:ArchiveClassesAtExit=" + archive;
                launch(javaFor(mode), List.of(flag), c, step, event, true);
                if (!Files.isRegularFile(archive)) {
                    throw new IllegalStateException("the " + mode + " training of " + c.name() + " wrote no archive");
                }
                archives.put(c.name() + "|" + mode, archive);
            }
        }
        return archives;
    }

    private Sample probe(Candidate c, String mode, Path event, Path archive) throws Exception {
        List<String> flags = switch (mode) {
            case "cds", "cds-bare" -> List.of("-XX:SharedArchiveFile=" + archive);
            case "aot" -> List.of("-XX:AOTCache=" + archive);
            default -> List.of();
        };
        return launch(javaFor(mode), flags, c, "run", event, false);
    }

    private String javaFor(String mode) {
        return mode.equals("aot") || mode.equals("jdk25") ? jdk25 + "/bin/java"
                : Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Launches one probe JVM; the wall time runs from just before the launch to the probe's marker line. */
    private Sample launch(String java, List<String> flags, Candidate c, String step, Path event, boolean training)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(flags);
        command.add("-cp");
        command.add(c.jar() == null ? probeJar.toString() : probeJar + File.pathSeparator + c.jar());
        command.addAll(List.of(ColdStartProbe.class.getName(), c.kind(), step, event.toString()));
        if (!c.handler().isEmpty()) {
            command.add(c.handler());
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("FLOWBACK_")
                || k.equals("JAVA_TOOL_OPTIONS") || k.equals("_JAVA_OPTIONS") || k.equals("JDK_JAVA_OPTIONS"));
        builder.environment().putAll(env);
        long started = System.nanoTime();
        Process process = builder.start();
        String marker = null;
        double wall = 0;
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (marker == null && line.startsWith(ColdStartProbe.MARKER)) {
                    wall = (System.nanoTime() - started) / 1e6;
                    marker = line.substring(ColdStartProbe.MARKER.length());
                } else if (output.size() < 40) {
                    output.add(line);
                }
            }
        }
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0 || marker == null) {
            process.destroyForcibly();
            throw new IllegalStateException((training ? "training of " : "probe of ") + c.name() + " failed: "
                    + String.join(" ", command) + "\n" + String.join("\n", output));
        }
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(\\w+)=(\\S+)").matcher(marker.substring(0, marker.indexOf(" answer=")));
        while (m.find()) {
            fields.put(m.group(1), m.group(2));
        }
        return new Sample(wall, Integer.parseInt(fields.get("classes")), Double.parseDouble(fields.get("construct_ms")),
                Double.parseDouble(fields.get("first_ms")), marker.substring(marker.indexOf(" answer=") + 8));
    }

    private Path hello() throws IOException {
        Path file = work.resolve("hello.json");
        if (!Files.exists(file)) {
            Files.writeString(file, "{\"hello\": \"world\"}");
        }
        return file;
    }

    /**
     * The class path Lambda gives the function: its deployed artifact (functions/X/target/lambda, what sam build
     * deploys: the classes, then lib/*.jar with the SDK shrunk), built first when missing. The artifact's classes
     * folder is packed into one jar here, because class data sharing archives classes from jars, not directories.
     */
    private String jar(String module) throws IOException {
        DeployedArtifact artifact = DeployedArtifact.of(root, module);
        Path classes = work.resolve(module + "-classes.jar");
        if (!Files.exists(classes)) {
            try (OutputStream file = Files.newOutputStream(classes); JarOutputStream out = new JarOutputStream(file);
                 Stream<Path> listing = Files.walk(artifact.folder())) {
                for (Path p : listing.filter(Files::isRegularFile).toList()) {
                    String name = artifact.folder().relativize(p).toString().replace(File.separatorChar, '/');
                    if (name.startsWith("lib/") || name.startsWith(".")) {
                        continue;
                    }
                    out.putNextEntry(new JarEntry(name));
                    Files.copy(p, out);
                    out.closeEntry();
                }
            }
        }
        String libs = artifact.classpath();
        return classes + libs.substring(libs.indexOf(File.pathSeparator));
    }

    /** The probe's classes alone in a jar: class data sharing archives classes from jars, not from directories. */
    private static Path probeJar(Path work) throws IOException {
        Path jar = work.resolve("coldstart-probe.jar");
        Path classes = Path.of(ColdStartProbe.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        Path dir = classes.resolve("dev/flowback/bench");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> listing = Files.list(dir)) {
            for (Path p : listing.filter(p -> p.getFileName().toString().startsWith("ColdStartProbe")).toList()) {
                out.putNextEntry(new JarEntry("dev/flowback/bench/" + p.getFileName()));
                try (InputStream in = Files.newInputStream(p)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return jar;
    }

    private void report(List<Candidate> candidates, List<String> modes, Map<String, List<Sample>> samples,
                        int pairs, double seconds) {
        System.out.println();
        System.out.printf(Locale.ROOT, "Cold start, JVM launch to first response (issue #13 item 1): %d interleaved"
                + " rounds, %.0f s; %d cores; %s; JAVA_TOOL_OPTIONS=\"%s\"%n", pairs, seconds,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"), toolOptions);
        System.out.println("Each figure: median over the rounds [p25-p75]; x hello and x sdk are the medians of the"
                + " per-round ratios to the same round's plain hello-world / SDK-baseline JVM.");
        System.out.println("Goals: plain <= 1.1x sdk-baseline; cds (AppCDS after priming, the local SnapStart stand-in)"
                + " and aot <= 3x hello-world.");
        System.out.printf("%-16s %-9s %20s %16s %16s %8s %10s %9s  %s%n", "candidate", "mode", "wall ms", "x hello",
                "x sdk", "classes", "ctor ms", "goal", "first answer");
        for (Candidate c : candidates) {
            for (String mode : modes) {
                row(c.name(), mode, samples, c.function());
            }
            if (c.name().equals(HELLO) && modes.contains("aot")) {
                row(HELLO, "jdk25", samples, false);
            }
        }
    }

    private void row(String name, String mode, Map<String, List<Sample>> samples, boolean function) {
        List<Sample> s = samples.get(name + "|" + mode);
        if (s == null) {
            return;
        }
        List<Sample> hello = samples.get(HELLO + "|" + (mode.equals("aot") ? "jdk25" : "plain"));
        List<Sample> sdk = samples.get(SDK + "|plain");
        double[] wall = s.stream().mapToDouble(Sample::wallMs).toArray();
        double[] xHello = ratios(s, hello);
        double[] xSdk = ratios(s, sdk);
        String goal = !function ? "" : mode.equals("plain") ? (Stats.median(xSdk) <= 1.1 ? "met" : "missed")
                : mode.equals("cds-bare") ? "(no goal)" : (Stats.median(xHello) <= 3 ? "met" : "missed");
        String answer = s.get(0).answer();
        System.out.printf(Locale.ROOT, "%-16s %-9s %20s %16s %16s %8.0f %10.1f %9s  %s%n", name, mode,
                spread(wall, "%.0f"), spread(xHello, "%.2f"), spread(xSdk, "%.2f"),
                Stats.median(s.stream().mapToDouble(Sample::classes).toArray()),
                Stats.median(s.stream().mapToDouble(Sample::constructMs).toArray()), goal,
                answer.substring(0, Math.min(50, answer.length())));
    }

    private static double[] ratios(List<Sample> candidate, List<Sample> baseline) {
        int n = Math.min(candidate.size(), baseline == null ? 0 : baseline.size());
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = candidate.get(i).wallMs() / baseline.get(i).wallMs();
        }
        return r;
    }

    private static String spread(double[] values, String format) {
        if (values.length == 0) {
            return "-";
        }
        return String.format(Locale.ROOT, format + " [" + format + "-" + format + "]", Stats.median(values),
                Stats.percentile(values, 25), Stats.percentile(values, 75));
    }
}
