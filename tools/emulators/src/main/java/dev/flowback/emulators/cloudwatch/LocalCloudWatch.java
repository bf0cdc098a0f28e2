package dev.flowback.emulators.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.flowback.emulators.cloudwatch.MetricStore.Datum;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * The local stand-in for CloudWatch, because nothing else here speaks it: from SDK 2.40.7 on, the Java SDK's
 * CloudWatch client talks Smithy RPC v2 CBOR ({@code POST /service/GraniteServiceVersion20100801/operation/{Op}}),
 * which moto does not. It serves the operations Flowback and its local stack use, with CloudWatch's documented
 * semantics (API reference, 2010-08-01): PutMetricData (gzip bodies, limits, NaN refused), GetMetricData (statistics
 * per epoch-aligned period, StartTime rounded down, EndTime exclusive, ScanBy, Unit filtering, MaxDatapoints with a
 * NextToken), PutMetricAlarm and PutCompositeAlarm (a new alarm starts INSUFFICIENT_DATA, an update keeps the state
 * and replaces the configuration), DescribeAlarms (metric alarms only unless AlarmTypes says otherwise, unknown names
 * left out, sorted by name, paged), SetAlarmState (reason data must be JSON, unknown alarms 404) and DeleteAlarms.
 * Errors carry the Smithy shape the SDK maps to its exception classes.
 *
 * <p>Alarms are evaluated when {@link #evaluateAlarms()} is called, on the stand-in's clock, so a test moves time
 * and decides when CloudWatch looks. A change of state value runs the alarm's actions: listeners given to
 * {@link #onTransition} receive the {@link AlarmTransition}, which renders what each delivery path carries.
 * Composite alarm rules are stored, not evaluated: a composite alarm changes state by SetAlarmState.
 */
public final class LocalCloudWatch implements AutoCloseable {
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT = "123456789012";
    static final String PREFIX = "/service/GraniteServiceVersion20100801/operation/";

    private static final int MAX_METRICS_PER_PUT = 1000;
    private static final int MAX_VALUES = 150;
    private static final int MAX_DIMENSIONS = 30;
    private static final double MAX_MAGNITUDE = Math.pow(2, 360);
    private static final Duration MAX_PAST = Duration.ofDays(14);
    private static final Duration MAX_FUTURE = Duration.ofHours(2);
    private static final int MAX_QUERIES = 500;
    private static final int DEFAULT_MAX_DATAPOINTS = 100_800;
    private static final int MAX_ACTIONS = 5;
    private static final int DEFAULT_PAGE = 50;
    private static final int MAX_STATE_REASON = 1023;
    private static final int MAX_REASON_DATA = 4000;
    private static final Pattern QUERY_ID = Pattern.compile("^[a-z][a-zA-Z0-9_]*$");
    private static final Set<String> COMPARISONS = Set.of("GreaterThanOrEqualToThreshold", "GreaterThanThreshold",
            "LessThanThreshold", "LessThanOrEqualToThreshold");
    private static final Set<String> MISSING = Set.of("missing", "ignore", "breaching", "notBreaching");
    private static final Set<String> STATES = Set.of("OK", "ALARM", "INSUFFICIENT_DATA");

    private static final ObjectMapper JSON = dev.flowback.core.definition.Json.strict().build();

    private final HttpServer server;
    private final ExecutorService workers;
    private final Clock clock;
    private final MetricStore metrics = new MetricStore();
    private final TreeMap<String, LocalAlarm> alarms = new TreeMap<>();
    private final List<Consumer<AlarmTransition>> listeners = new CopyOnWriteArrayList<>();

    private LocalCloudWatch(HttpServer server, ExecutorService workers, Clock clock) {
        this.server = server;
        this.workers = workers;
        this.clock = clock;
    }

    /** Starts on a loopback port chosen now, with {@code clock} as CloudWatch's time. */
    public static LocalCloudWatch start(Clock clock) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the local CloudWatch endpoint", e);
        }
        ExecutorService workers = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "emulator-cloudwatch");
            t.setDaemon(true);
            return t;
        });
        LocalCloudWatch cloudWatch = new LocalCloudWatch(server, workers, clock);
        server.createContext("/", cloudWatch::handle);
        server.setExecutor(workers);
        server.start();
        return cloudWatch;
    }

    public static LocalCloudWatch start() {
        return start(Clock.systemUTC());
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Called with every change of an alarm's state value, after the change (as CloudWatch runs actions). */
    public void onTransition(Consumer<AlarmTransition> listener) {
        listeners.add(listener);
    }

    public static String alarmArn(String name) {
        return "arn:aws:cloudwatch:" + REGION + ":" + ACCOUNT + ":alarm:" + name;
    }

    /** Evaluates every metric alarm at the clock's now; a changed state value runs the alarm's actions. */
    public void evaluateAlarms() {
        List<AlarmTransition> changed = new ArrayList<>();
        synchronized (this) {
            Instant now = clock.instant();
            for (LocalAlarm alarm : alarms.values()) {
                if (!alarm.composite) {
                    AlarmEvaluation.evaluate(alarm.config, alarm.state, metrics, now)
                            .flatMap(next -> setState(alarm, next)).ifPresent(changed::add);
                }
            }
        }
        changed.forEach(this::announce);
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] response;
            int status = 200;
            String queryError = null;
            try {
                String path = exchange.getRequestURI().getPath();
                int at = path.indexOf(PREFIX);
                if (!"POST".equals(exchange.getRequestMethod()) || at < 0) {
                    throw CloudWatchFault.unknownOperation(exchange.getRequestMethod() + " " + path);
                }
                InputStream in = exchange.getRequestBody();
                if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                    // The SDK gzips PutMetricData bodies of 10 KiB and more (@requestCompression).
                    in = new GZIPInputStream(in);
                }
                JsonNode input = CloudWatchCbor.read(in.readAllBytes());
                response = CloudWatchCbor.write(operation(path.substring(at + PREFIX.length()), input));
            } catch (CloudWatchFault fault) {
                status = fault.status;
                queryError = fault.queryError();
                response = CloudWatchCbor.write(Map.of("__type", "com.amazonaws.cloudwatch#" + fault.shape,
                        "message", fault.getMessage()));
            } catch (RuntimeException e) {
                CloudWatchFault fault = CloudWatchFault.internal(String.valueOf(e.getMessage()));
                status = fault.status;
                queryError = fault.queryError();
                response = CloudWatchCbor.write(Map.of("__type", "com.amazonaws.cloudwatch#" + fault.shape,
                        "message", fault.getMessage()));
            }
            exchange.getResponseHeaders().set("smithy-protocol", "rpc-v2-cbor");
            exchange.getResponseHeaders().set("Content-Type", "application/cbor");
            exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
            if (queryError != null) {
                exchange.getResponseHeaders().set("x-amzn-query-error", queryError);
            }
            exchange.sendResponseHeaders(status, response.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response);
            }
        }
    }

    private Map<String, Object> operation(String name, JsonNode input) {
        List<AlarmTransition> changed = new ArrayList<>();
        Map<String, Object> output;
        synchronized (this) {
            output = switch (name) {
                case "PutMetricData" -> putMetricData(input);
                case "GetMetricData" -> getMetricData(input);
                case "PutMetricAlarm" -> putAlarm(input, false);
                case "PutCompositeAlarm" -> putAlarm(input, true);
                case "DescribeAlarms" -> describeAlarms(input);
                case "SetAlarmState" -> setAlarmState(input, changed);
                case "DeleteAlarms" -> deleteAlarms(input);
                default -> throw CloudWatchFault.unknownOperation(name);
            };
        }
        // Actions run after the answer is settled and outside the lock, as CloudWatch runs them asynchronously.
        changed.forEach(this::announce);
        return output;
    }

    private void announce(AlarmTransition transition) {
        listeners.forEach(l -> l.accept(transition));
    }

    // ---- metrics

    private Map<String, Object> putMetricData(JsonNode in) {
        String namespace = requiredText(in, "Namespace");
        if (namespace.startsWith("AWS/")) {
            throw CloudWatchFault.invalidValue("The value " + namespace + " for parameter Namespace is invalid:"
                    + " namespaces beginning with AWS/ are reserved for AWS services.");
        }
        JsonNode data = in.path("MetricData");
        if (!data.isArray() || data.isEmpty()) {
            throw CloudWatchFault.missing("MetricData");
        }
        if (data.size() > MAX_METRICS_PER_PUT) {
            throw CloudWatchFault.invalidValue("The collection MetricData must not have a size greater than "
                    + MAX_METRICS_PER_PUT + ".");
        }
        Instant now = clock.instant();
        List<Map.Entry<MetricKey, Datum>> accepted = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            JsonNode d = data.get(i);
            String member = "MetricData.member." + (i + 1);
            String metricName = requiredText(d, "MetricName", member + ".MetricName");
            SortedMap<String, String> dims = dimensions(d.path("Dimensions"), member + ".Dimensions");
            Instant at = d.has("Timestamp") ? CloudWatchCbor.instant(d.get("Timestamp")) : now;
            if (at.isBefore(now.minus(MAX_PAST)) || at.isAfter(now.plus(MAX_FUTURE))) {
                throw CloudWatchFault.invalidValue("The parameter " + member + ".Timestamp must specify a time no"
                        + " more than two weeks in the past and no more than two hours in the future.");
            }
            int resolution = d.path("StorageResolution").asInt(60);
            if (resolution != 1 && resolution != 60) {
                throw CloudWatchFault.invalidValue("The value " + resolution + " for parameter " + member
                        + ".StorageResolution is invalid: 1 or 60.");
            }
            String unit = d.path("Unit").asText("None");
            boolean hasValue = d.has("Value");
            boolean hasStats = d.has("StatisticValues");
            boolean hasValues = d.has("Values");
            if ((hasValue ? 1 : 0) + (hasStats ? 1 : 0) + (hasValues ? 1 : 0) != 1) {
                throw CloudWatchFault.combination("The parameters " + member + ".Value, " + member
                        + ".StatisticValues and " + member + ".Values are mutually exclusive and one is required.");
            }
            Datum datum;
            if (hasValue) {
                double v = finite(d.get("Value"), member + ".Value");
                datum = new Datum(at, unit, new double[] {v}, null, 1, v, v, v);
            } else if (hasValues) {
                datum = values(d, member, at, unit);
            } else {
                JsonNode s = d.get("StatisticValues");
                double count = finite(s.path("SampleCount"), member + ".StatisticValues.SampleCount");
                double sum = finite(s.path("Sum"), member + ".StatisticValues.Sum");
                double min = finite(s.path("Minimum"), member + ".StatisticValues.Minimum");
                double max = finite(s.path("Maximum"), member + ".StatisticValues.Maximum");
                if (count <= 0 || min > max) {
                    throw CloudWatchFault.invalidValue("The parameter " + member + ".StatisticValues is invalid:"
                            + " SampleCount must be positive and Minimum at most Maximum.");
                }
                datum = new Datum(at, unit, null, null, count, sum, min, max);
            }
            accepted.add(Map.entry(new MetricKey(namespace, metricName, dims), datum));
        }
        // All or nothing: a request with one bad datum stores none.
        accepted.forEach(e -> metrics.put(e.getKey(), e.getValue()));
        return Map.of();
    }

    private static Datum values(JsonNode d, String member, Instant at, String unit) {
        JsonNode values = d.get("Values");
        JsonNode counts = d.path("Counts");
        if (values.size() > MAX_VALUES) {
            throw CloudWatchFault.invalidValue("The collection " + member + ".Values must not have a size greater"
                    + " than " + MAX_VALUES + ".");
        }
        if (!counts.isMissingNode() && counts.size() != values.size()) {
            throw CloudWatchFault.invalidValue("The parameters " + member + ".Values and " + member + ".Counts must"
                    + " be arrays of the same size.");
        }
        double[] v = new double[values.size()];
        double[] c = new double[values.size()];
        double count = 0;
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < v.length; j++) {
            v[j] = finite(values.get(j), member + ".Values.member." + (j + 1));
            c[j] = counts.isMissingNode() ? 1 : finite(counts.get(j), member + ".Counts.member." + (j + 1));
            count += c[j];
            sum += v[j] * c[j];
            min = Math.min(min, v[j]);
            max = Math.max(max, v[j]);
        }
        return new Datum(at, unit, v, c, count, sum, min, max);
    }

    private Map<String, Object> getMetricData(JsonNode in) {
        JsonNode queries = in.path("MetricDataQueries");
        if (!queries.isArray() || queries.isEmpty()) {
            throw CloudWatchFault.missing("MetricDataQueries");
        }
        if (queries.size() > MAX_QUERIES) {
            throw CloudWatchFault.invalidValue("The collection MetricDataQueries must not have a size greater than "
                    + MAX_QUERIES + ".");
        }
        Instant start = CloudWatchCbor.instant(required(in, "StartTime"));
        Instant end = CloudWatchCbor.instant(required(in, "EndTime"));
        if (!start.isBefore(end)) {
            throw CloudWatchFault.invalidValue("The parameter StartTime must be less than the parameter EndTime.");
        }
        boolean ascending = "TimestampAscending".equals(in.path("ScanBy").asText("TimestampDescending"));
        int maxDatapoints = in.path("MaxDatapoints").asInt(DEFAULT_MAX_DATAPOINTS);
        int offset = offset(in.path("NextToken"));
        Set<String> ids = new HashSet<>();
        List<Map<String, Object>> results = new ArrayList<>();
        int total = 0;
        int skipped = 0;
        boolean truncated = false;
        for (JsonNode q : queries) {
            String id = requiredText(q, "Id", "MetricDataQueries.member.Id");
            if (!QUERY_ID.matcher(id).matches() || !ids.add(id)) {
                throw CloudWatchFault.invalidValue("The value " + id + " for parameter MetricDataQueries.member.Id"
                        + " is invalid: it must be unique and start with a lower-case letter, then letters, digits or"
                        + " underscores.");
            }
            if (q.has("Expression") == q.has("MetricStat")) {
                throw CloudWatchFault.combination("Query " + id + ": exactly one of MetricStat and Expression.");
            }
            if (q.has("Expression")) {
                throw CloudWatchFault.invalidValue("Query " + id + ": metric math expressions are not served by the"
                        + " local CloudWatch stand-in.");
            }
            JsonNode stat = q.get("MetricStat");
            int period = period(stat.path("Period"), "MetricDataQueries.member.MetricStat.Period");
            String statistic = requiredText(stat, "Stat", "MetricDataQueries.member.MetricStat.Stat");
            if (!MetricStore.isStatistic(statistic)) {
                throw CloudWatchFault.invalidValue("The value " + statistic + " for parameter MetricStat.Stat is not"
                        + " served by the local stand-in.");
            }
            JsonNode metric = stat.path("Metric");
            MetricKey key = new MetricKey(requiredText(metric, "Namespace", "Metric.Namespace"),
                    requiredText(metric, "MetricName", "Metric.MetricName"), dimensions(metric.path("Dimensions"),
                    "Metric.Dimensions"));
            List<Map.Entry<Instant, Double>> series = metrics.series(key, stat.path("Unit").asText(null), statistic,
                    period, roundedStart(start, period), end, ascending);
            if (q.has("ReturnData") && !q.get("ReturnData").asBoolean()) {
                continue;
            }
            List<Object> timestamps = new ArrayList<>();
            List<Object> values = new ArrayList<>();
            String statusCode = "Complete";
            for (Map.Entry<Instant, Double> point : series) {
                if (skipped < offset) {
                    skipped++;
                    continue;
                }
                if (total == maxDatapoints) {
                    truncated = true;
                    statusCode = "PartialData";
                    break;
                }
                timestamps.add(point.getKey());
                values.add(point.getValue());
                total++;
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("Id", id);
            result.put("Label", q.path("Label").asText(key.name()));
            result.put("Timestamps", timestamps);
            result.put("Values", values);
            result.put("StatusCode", statusCode);
            result.put("Messages", List.of());
            results.add(result);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("MetricDataResults", results);
        out.put("Messages", List.of());
        if (truncated) {
            out.put("NextToken", token("gmd", offset + total));
        }
        return out;
    }

    /**
     * GetMetricData rounds StartTime down: to the period for sub-minute periods; under 15 days ago to the minute,
     * 15 to 63 days to five minutes, older to the hour.
     */
    private Instant roundedStart(Instant start, int period) {
        long s = start.getEpochSecond();
        if (period < 60) {
            return Instant.ofEpochSecond(Math.floorDiv(s, period) * period);
        }
        Duration age = Duration.between(start, clock.instant());
        long unit = age.compareTo(Duration.ofDays(15)) < 0 ? 60 : age.compareTo(Duration.ofDays(63)) < 0 ? 300 : 3600;
        return Instant.ofEpochSecond(Math.floorDiv(s, unit) * unit);
    }

    // ---- alarms

    private Map<String, Object> putAlarm(JsonNode in, boolean composite) {
        String name = requiredText(in, "AlarmName");
        if (name.length() > 255) {
            throw CloudWatchFault.invalidValue("The parameter AlarmName must be at most 255 characters.");
        }
        ObjectNode config = in.deepCopy();
        config.remove("Tags");
        for (String list : List.of("OKActions", "AlarmActions", "InsufficientDataActions")) {
            if (config.path(list).size() > MAX_ACTIONS) {
                throw CloudWatchFault.invalidValue("The collection " + list + " must not have a size greater than "
                        + MAX_ACTIONS + ".");
            }
        }
        if (composite) {
            requiredText(in, "AlarmRule");
        } else {
            checkMetricAlarm(config);
        }
        LocalAlarm existing = alarms.get(name);
        if (existing != null && existing.composite != composite) {
            throw CloudWatchFault.invalidValue("An alarm named " + name + " exists and is of the other kind.");
        }
        Instant now = clock.instant();
        if (existing == null) {
            alarms.put(name, new LocalAlarm(name, composite, config, now));
        } else {
            // "Updating an existing alarm leaves its state unchanged, but completely overwrites the configuration."
            existing.config = config;
            existing.configUpdatedAt = now;
        }
        return Map.of();
    }

    private static void checkMetricAlarm(ObjectNode c) {
        String comparison = requiredText(c, "ComparisonOperator");
        if (!COMPARISONS.contains(comparison)) {
            throw CloudWatchFault.invalidValue("The value " + comparison + " for parameter ComparisonOperator is not"
                    + " served by the local stand-in (" + String.join(", ", COMPARISONS) + ").");
        }
        int evaluationPeriods = required(c, "EvaluationPeriods").asInt();
        if (evaluationPeriods < 1) {
            throw CloudWatchFault.invalidValue("The parameter EvaluationPeriods must be at least 1.");
        }
        if (c.has("DatapointsToAlarm") && (c.get("DatapointsToAlarm").asInt() < 1
                || c.get("DatapointsToAlarm").asInt() > evaluationPeriods)) {
            throw CloudWatchFault.invalidValue("The parameter DatapointsToAlarm must be between 1 and"
                    + " EvaluationPeriods.");
        }
        if (c.has("TreatMissingData") && !MISSING.contains(c.get("TreatMissingData").asText())) {
            throw CloudWatchFault.invalidValue("The value " + c.get("TreatMissingData").asText() + " for parameter"
                    + " TreatMissingData is invalid.");
        }
        boolean single = c.has("MetricName") || c.has("Namespace") || c.has("Statistic")
                || c.has("ExtendedStatistic") || c.has("Dimensions") || c.has("Period");
        if (single == c.has("Metrics")) {
            throw CloudWatchFault.combination("Give either MetricName, Namespace, Statistic or ExtendedStatistic,"
                    + " Dimensions and Period, or Metrics, but not both.");
        }
        if (c.has("Metrics")) {
            return;
        }
        requiredText(c, "MetricName");
        requiredText(c, "Namespace");
        if (c.has("Statistic") == c.has("ExtendedStatistic")) {
            throw CloudWatchFault.combination("Exactly one of Statistic and ExtendedStatistic.");
        }
        String stat = c.has("Statistic") ? c.get("Statistic").asText() : c.get("ExtendedStatistic").asText();
        if (!MetricStore.isStatistic(stat)) {
            throw CloudWatchFault.invalidValue("The value " + stat + " for the alarm's statistic is invalid.");
        }
        int period = period(c.path("Period"), "Period");
        long span = (long) period * evaluationPeriods;
        if (span > (period < 3600 ? 86_400 : 604_800)) {
            throw CloudWatchFault.invalidValue("Period x EvaluationPeriods must be at most one day for periods under"
                    + " an hour, and at most seven days otherwise.");
        }
        required(c, "Threshold");
        dimensions(c.path("Dimensions"), "Dimensions");
    }

    private Map<String, Object> describeAlarms(JsonNode in) {
        if (in.has("AlarmNames") && in.has("AlarmNamePrefix")) {
            throw CloudWatchFault.combination("AlarmNames and AlarmNamePrefix cannot be combined.");
        }
        if (in.has("ChildrenOfAlarmName") || in.has("ParentsOfAlarmName")) {
            throw CloudWatchFault.invalidValue("ChildrenOfAlarmName and ParentsOfAlarmName are not served by the local"
                    + " stand-in.");
        }
        if (in.path("AlarmNames").size() > 100) {
            throw CloudWatchFault.invalidValue("The collection AlarmNames must not have a size greater than 100.");
        }
        int pageSize = in.path("MaxRecords").asInt(DEFAULT_PAGE);
        if (pageSize < 1 || pageSize > 100) {
            throw CloudWatchFault.invalidValue("The parameter MaxRecords must be between 1 and 100.");
        }
        Set<String> names = new HashSet<>();
        in.path("AlarmNames").forEach(n -> names.add(n.asText()));
        Set<String> types = new HashSet<>();
        in.path("AlarmTypes").forEach(t -> types.add(t.asText()));
        // "If you omit this parameter, only metric alarms are returned, even if composite alarms exist."
        boolean metric = types.isEmpty() || types.contains("MetricAlarm");
        boolean composite = types.contains("CompositeAlarm");
        String prefix = in.path("AlarmNamePrefix").asText(null);
        String state = in.path("StateValue").asText(null);
        String actionPrefix = in.path("ActionPrefix").asText(null);
        String after = in.has("NextToken") ? untoken("da", in.get("NextToken")) : null;

        List<Object> metricAlarms = new ArrayList<>();
        List<Object> compositeAlarms = new ArrayList<>();
        String last = null;
        boolean more = false;
        Map<String, LocalAlarm> from = after == null ? alarms : alarms.tailMap(after, false);
        for (LocalAlarm a : from.values()) {
            boolean wanted = (a.composite ? composite : metric)
                    && (names.isEmpty() || names.contains(a.name))
                    && (prefix == null || a.name.startsWith(prefix))
                    && (state == null || state.equals(a.state.value()))
                    && (actionPrefix == null || hasAction(a, actionPrefix));
            if (!wanted) {
                continue;
            }
            if (metricAlarms.size() + compositeAlarms.size() == pageSize) {
                more = true;
                break;
            }
            (a.composite ? compositeAlarms : metricAlarms).add(a.toWire());
            last = a.name;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("MetricAlarms", metricAlarms);
        out.put("CompositeAlarms", compositeAlarms);
        if (more) {
            out.put("NextToken", token("da", last));
        }
        return out;
    }

    private static boolean hasAction(LocalAlarm a, String prefix) {
        for (String list : List.of("OKActions", "AlarmActions", "InsufficientDataActions")) {
            for (JsonNode action : a.config.path(list)) {
                if (action.asText().startsWith(prefix)) {
                    return true;
                }
            }
        }
        return false;
    }

    private Map<String, Object> setAlarmState(JsonNode in, List<AlarmTransition> changed) {
        String name = requiredText(in, "AlarmName");
        String value = requiredText(in, "StateValue");
        if (!STATES.contains(value)) {
            throw CloudWatchFault.invalidValue("The value " + value + " for parameter StateValue is invalid.");
        }
        String reason = required(in, "StateReason").asText();
        if (reason.length() > MAX_STATE_REASON) {
            throw CloudWatchFault.invalidValue("The parameter StateReason must be at most " + MAX_STATE_REASON
                    + " characters.");
        }
        String data = in.path("StateReasonData").asText(null);
        if (data != null) {
            if (data.length() > MAX_REASON_DATA) {
                throw CloudWatchFault.invalidValue("The parameter StateReasonData must be at most " + MAX_REASON_DATA
                        + " characters.");
            }
            try {
                JSON.readTree(data);
            } catch (IOException e) {
                throw CloudWatchFault.invalidFormat("Data was not syntactically valid JSON");
            }
        }
        LocalAlarm alarm = alarms.get(name);
        if (alarm == null) {
            throw CloudWatchFault.notFound("Alarm " + name + " not found");
        }
        setState(alarm, new AlarmState(value, reason, data, clock.instant())).ifPresent(changed::add);
        return Map.of();
    }

    /**
     * Sets the state; a change of value moves StateTransitionedTimestamp and is a transition (actions run), the same
     * value again only updates reason and time ("when the updated state differs from the previous value, the action
     * configured for the appropriate state is invoked").
     */
    private static Optional<AlarmTransition> setState(LocalAlarm alarm, AlarmState next) {
        AlarmState previous = alarm.state;
        if (previous.value().equals(next.value())) {
            if (!previous.reason().equals(next.reason()) || !Objects.equals(previous.reasonData(),
                    next.reasonData())) {
                alarm.state = next;
            }
            return Optional.empty();
        }
        alarm.state = next;
        alarm.stateTransitionedAt = next.timestamp();
        return Optional.of(new AlarmTransition(alarm.name, alarm.arn(), alarm.composite, alarm.description(),
                alarm.config.deepCopy(), alarm.actionsEnabled(), previous, next));
    }

    private Map<String, Object> deleteAlarms(JsonNode in) {
        JsonNode names = in.path("AlarmNames");
        if (!names.isArray() || names.isEmpty()) {
            throw CloudWatchFault.missing("AlarmNames");
        }
        if (names.size() > 100) {
            throw CloudWatchFault.invalidValue("The collection AlarmNames must not have a size greater than 100.");
        }
        // "If you specify any incorrect alarm names, the alarms you specify with correct names are still deleted."
        names.forEach(n -> alarms.remove(n.asText()));
        return Map.of();
    }

    // ---- reading input

    private static JsonNode required(JsonNode in, String member) {
        JsonNode value = in.get(member);
        if (value == null || value.isNull()) {
            throw CloudWatchFault.missing(member);
        }
        return value;
    }

    private static String requiredText(JsonNode in, String member) {
        return requiredText(in, member, member);
    }

    private static String requiredText(JsonNode in, String member, String parameter) {
        JsonNode value = in.get(member);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw CloudWatchFault.missing(parameter);
        }
        return value.asText();
    }

    private static SortedMap<String, String> dimensions(JsonNode list, String parameter) {
        SortedMap<String, String> dims = new TreeMap<>();
        if (list.size() > MAX_DIMENSIONS) {
            throw CloudWatchFault.invalidValue("The collection " + parameter + " must not have a size greater than "
                    + MAX_DIMENSIONS + ".");
        }
        for (JsonNode d : list) {
            dims.put(requiredText(d, "Name", parameter + ".member.Name"),
                    requiredText(d, "Value", parameter + ".member.Value"));
        }
        return dims;
    }

    private static double finite(JsonNode node, String parameter) {
        if (node == null || !node.isNumber()) {
            throw CloudWatchFault.missing(parameter);
        }
        double v = node.asDouble();
        if (!Double.isFinite(v) || Math.abs(v) > MAX_MAGNITUDE) {
            throw CloudWatchFault.invalidValue("The value " + v + " for parameter " + parameter + " is invalid.");
        }
        return v;
    }

    /** 1, 5, 10, 20, 30 or any multiple of 60 (the high-resolution periods are only for data stored at 1 s). */
    private static int period(JsonNode node, String parameter) {
        int p = node.asInt(-1);
        if (!(p == 1 || p == 5 || p == 10 || p == 20 || p == 30 || p > 0 && p % 60 == 0)) {
            throw CloudWatchFault.invalidValue("The value " + (node.isMissingNode() ? "(none)" : node.asText())
                    + " for parameter " + parameter + " is invalid: 1, 5, 10, 20, 30 or a multiple of 60.");
        }
        return p;
    }

    private static String token(String kind, Object position) {
        return Base64.getUrlEncoder().encodeToString((kind + ":" + position).getBytes(StandardCharsets.UTF_8));
    }

    private static String untoken(String kind, JsonNode token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token.asText()), StandardCharsets.UTF_8);
            if (text.startsWith(kind + ":")) {
                return text.substring(kind.length() + 1);
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw CloudWatchFault.invalidNextToken("The service couldn't process the NextToken " + token.asText());
    }

    private static int offset(JsonNode token) {
        if (token.isMissingNode() || token.isNull()) {
            return 0;
        }
        try {
            return Integer.parseInt(untoken("gmd", token));
        } catch (NumberFormatException e) {
            throw CloudWatchFault.invalidNextToken("The service couldn't process the NextToken " + token.asText());
        }
    }
}
