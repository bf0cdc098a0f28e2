package dev.flowback.emulators.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowback.emulators.cloudwatch.MetricStore.Datum;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Evaluates a single-metric alarm the way CloudWatch documents it ("Evaluating an alarm"): the statistic over each of
 * the last EvaluationPeriods whole periods, ALARM when at least DatapointsToAlarm of them breach the threshold, and
 * missing periods treated by TreatMissingData ({@code missing}: not evaluated, all missing is INSUFFICIENT_DATA;
 * {@code ignore}: all missing keeps the state; {@code breaching}, {@code notBreaching}). The reason and reason data
 * are written in CloudWatch's words and shape, datapoints newest first, so the figures a notification carries are
 * the ones measured. Simplified against AWS: no evaluation-range look-back beyond the evaluated periods, and no
 * percentile low-sample-count rule. Metric-math alarms are not evaluated (their state changes by SetAlarmState).
 */
final class AlarmEvaluation {
    private static final DateTimeFormatter CITED = DateTimeFormatter.ofPattern("dd/MM/yy HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = dev.flowback.core.definition.Json.strict().build();

    private AlarmEvaluation() {
    }

    /** The state the alarm's metric puts it in at {@code now}, or empty when it is not evaluated (metric math). */
    static Optional<AlarmState> evaluate(JsonNode config, AlarmState current, MetricStore metrics, Instant now) {
        if (!config.has("MetricName")) {
            return Optional.empty();
        }
        int period = config.path("Period").asInt();
        int evaluationPeriods = config.path("EvaluationPeriods").asInt();
        int toAlarm = config.has("DatapointsToAlarm") ? config.get("DatapointsToAlarm").asInt() : evaluationPeriods;
        String stat = config.has("ExtendedStatistic") ? config.get("ExtendedStatistic").asText()
                : config.path("Statistic").asText();
        double threshold = config.path("Threshold").asDouble();
        String comparison = config.path("ComparisonOperator").asText();
        String missing = config.path("TreatMissingData").asText("missing");
        Instant end = Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), period) * period);
        Instant start = end.minusSeconds((long) period * evaluationPeriods);
        TreeMap<Instant, List<Datum>> periods = metrics.periods(key(config), config.path("Unit").asText(null), period,
                start, end);

        List<Map.Entry<Instant, Double>> present = new ArrayList<>();
        ArrayNode evaluated = JSON.createArrayNode();
        for (Map.Entry<Instant, List<Datum>> p : periods.descendingMap().entrySet()) {
            Optional<Double> value = MetricStore.statistic(p.getValue(), stat);
            if (value.isPresent()) {
                present.add(Map.entry(p.getKey(), value.get()));
                evaluated.addObject().put("timestamp", AlarmTransition.STATE_TIME.format(p.getKey()))
                        .put("sampleCount", MetricStore.sampleCount(p.getValue())).put("value", value.get());
            }
        }
        int missingPeriods = evaluationPeriods - present.size();
        long breaching = present.stream().filter(v -> breaches(comparison, v.getValue(), threshold)).count();
        if (missing.equals("breaching")) {
            breaching += missingPeriods;
        }
        if (present.isEmpty() && (missing.equals("missing") || missing.equals("ignore"))) {
            if (missing.equals("ignore")) {
                return Optional.of(current);
            }
            return Optional.of(new AlarmState("INSUFFICIENT_DATA", "Insufficient Data: " + evaluationPeriods
                    + " datapoint" + (evaluationPeriods == 1 ? " was" : "s were") + " unknown.",
                    reasonData(stat, period, start, now, present, threshold, evaluated), now));
        }
        String phrase = phrase(comparison);
        String cited = present.stream().map(v -> v.getValue() + " (" + CITED.format(v.getKey()) + ")")
                .reduce((a, b) -> a + ", " + b).orElse("");
        int evaluatedCount = missing.equals("missing") || missing.equals("ignore") ? present.size()
                : evaluationPeriods;
        String data = reasonData(stat, period, start, now, present, threshold, evaluated);
        if (breaching >= toAlarm) {
            return Optional.of(new AlarmState("ALARM", "Threshold Crossed: " + breaching + " out of the last "
                    + evaluatedCount + " datapoints [" + cited + "] was " + phrase + " the threshold (" + threshold
                    + ") (minimum " + toAlarm + " datapoint" + (toAlarm == 1 ? "" : "s") + " for OK -> ALARM"
                    + " transition).", data, now));
        }
        return Optional.of(new AlarmState("OK", "Threshold Crossed: " + evaluatedCount + " datapoint"
                + (evaluatedCount == 1 ? "" : "s") + " [" + cited + "] was not " + phrase + " the threshold ("
                + threshold + ") (minimum 1 datapoint for ALARM -> OK transition).", data, now));
    }

    static MetricKey key(JsonNode metricOwner) {
        SortedMap<String, String> dims = new TreeMap<>();
        metricOwner.path("Dimensions").forEach(d -> dims.put(d.path("Name").asText(), d.path("Value").asText()));
        return new MetricKey(metricOwner.path("Namespace").asText(), metricOwner.path("MetricName").asText(), dims);
    }

    static boolean breaches(String comparison, double value, double threshold) {
        return switch (comparison) {
            case "GreaterThanOrEqualToThreshold" -> value >= threshold;
            case "GreaterThanThreshold" -> value > threshold;
            case "LessThanThreshold" -> value < threshold;
            case "LessThanOrEqualToThreshold" -> value <= threshold;
            default -> false;
        };
    }

    private static String phrase(String comparison) {
        return switch (comparison) {
            case "GreaterThanOrEqualToThreshold" -> "greater than or equal to";
            case "GreaterThanThreshold" -> "greater than";
            case "LessThanThreshold" -> "less than";
            case "LessThanOrEqualToThreshold" -> "less than or equal to";
            default -> comparison;
        };
    }

    private static String reasonData(String stat, int period, Instant start, Instant now,
                                      List<Map.Entry<Instant, Double>> present, double threshold,
                                      ArrayNode evaluated) {
        ObjectNode data = JSON.createObjectNode().put("version", "1.0")
                .put("queryDate", AlarmTransition.STATE_TIME.format(now))
                .put("startDate", AlarmTransition.STATE_TIME.format(start))
                .put("statistic", stat).put("period", period);
        ArrayNode recent = data.putArray("recentDatapoints");
        present.forEach(v -> recent.add(v.getValue()));
        data.put("threshold", threshold);
        data.set("evaluatedDatapoints", evaluated);
        return data.toString();
    }
}
