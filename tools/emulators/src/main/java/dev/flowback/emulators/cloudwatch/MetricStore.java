package dev.flowback.emulators.cloudwatch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stand-in's metric data: every datum as sent, and statistics over epoch-aligned periods computed from them as
 * CloudWatch defines them (SampleCount, Sum, Average, Minimum, Maximum, and percentiles pNN / pNN.N over raw
 * values). Percentiles use the nearest-rank method over the raw values (with their counts); a statistic set only
 * counts as raw values when its minimum equals its maximum, as CloudWatch documents, otherwise percentiles of that
 * period leave it out.
 */
final class MetricStore {
    private static final Pattern PERCENTILE = Pattern.compile("p(\\d{1,2}(?:\\.\\d{1,10})?|100(?:\\.0+)?)");
    static final List<String> STATISTICS = List.of("SampleCount", "Sum", "Average", "Minimum", "Maximum");

    /** One datum: a value (counts null), values with counts, or a statistic set (values null). */
    record Datum(Instant at, String unit, double[] values, double[] counts, double sampleCount, double sum,
                 double min, double max) {
        boolean raw() {
            return values != null;
        }
    }

    private final Map<MetricKey, List<Datum>> data = new ConcurrentHashMap<>();

    void put(MetricKey key, Datum datum) {
        data.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(datum);
    }

    static boolean isStatistic(String stat) {
        return STATISTICS.contains(stat) || PERCENTILE.matcher(stat).matches();
    }

    /**
     * The statistic of every period in [start, end) that has data, keyed by the period's start (epoch-aligned),
     * newest first or oldest first.
     */
    List<Map.Entry<Instant, Double>> series(MetricKey key, String unit, String stat, int periodSeconds,
                                            Instant start, Instant end, boolean ascending) {
        List<Map.Entry<Instant, Double>> out = new ArrayList<>();
        for (Map.Entry<Instant, List<Datum>> bucket : periods(key, unit, periodSeconds, start, end).entrySet()) {
            statistic(bucket.getValue(), stat).ifPresent(v -> out.add(Map.entry(bucket.getKey(), v)));
        }
        if (!ascending) {
            out.sort(Map.Entry.<Instant, Double>comparingByKey().reversed());
        }
        return out;
    }

    /** Also what alarm evaluation reads: the sample count of a period, for reasonData. */
    static double sampleCount(List<Datum> datums) {
        double n = 0;
        for (Datum d : datums) {
            n += d.sampleCount();
        }
        return n;
    }

    static Optional<Double> statistic(List<Datum> datums, String stat) {
        if (datums.isEmpty()) {
            return Optional.empty();
        }
        double count = 0;
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Datum d : datums) {
            count += d.sampleCount();
            sum += d.sum();
            min = Math.min(min, d.min());
            max = Math.max(max, d.max());
        }
        switch (stat) {
            case "SampleCount":
                return Optional.of(count);
            case "Sum":
                return Optional.of(sum);
            case "Average":
                return count == 0 ? Optional.empty() : Optional.of(sum / count);
            case "Minimum":
                return Optional.of(min);
            case "Maximum":
                return Optional.of(max);
            default:
                Matcher p = PERCENTILE.matcher(stat);
                if (!p.matches()) {
                    throw CloudWatchFault.invalidValue("The statistic " + stat + " is not served by the local"
                            + " CloudWatch stand-in (SampleCount, Sum, Average, Minimum, Maximum, pNN, pNN.N).");
                }
                return percentile(datums, Double.parseDouble(p.group(1)));
        }
    }

    /** Nearest rank over the raw values and their counts; empty when the period has no raw values. */
    private static Optional<Double> percentile(List<Datum> datums, double p) {
        List<double[]> weighted = new ArrayList<>();
        double total = 0;
        for (Datum d : datums) {
            if (d.raw()) {
                for (int i = 0; i < d.values().length; i++) {
                    double c = d.counts() == null ? 1 : d.counts()[i];
                    weighted.add(new double[] {d.values()[i], c});
                    total += c;
                }
            } else if (d.min() == d.max() && d.sampleCount() > 0) {
                weighted.add(new double[] {d.min(), d.sampleCount()});
                total += d.sampleCount();
            }
        }
        if (total == 0) {
            return Optional.empty();
        }
        weighted.sort(Comparator.comparingDouble(w -> w[0]));
        double rank = Math.max(1, Math.ceil(p / 100.0 * total));
        double seen = 0;
        for (double[] w : weighted) {
            seen += w[1];
            if (seen >= rank) {
                return Optional.of(w[0]);
            }
        }
        return Optional.of(weighted.get(weighted.size() - 1)[0]);
    }

    /** The datums of every period in [start, end), by period start, for alarm evaluation. */
    TreeMap<Instant, List<Datum>> periods(MetricKey key, String unit, int periodSeconds, Instant start,
                                          Instant end) {
        TreeMap<Instant, List<Datum>> buckets = new TreeMap<>();
        for (Datum d : data.getOrDefault(key, List.of())) {
            if (d.at().isBefore(start) || !d.at().isBefore(end) || unit != null && !unit.equals(d.unit())) {
                continue;
            }
            long seconds = Math.floorDiv(d.at().getEpochSecond(), periodSeconds) * periodSeconds;
            buckets.computeIfAbsent(Instant.ofEpochSecond(seconds), b -> new ArrayList<>()).add(d);
        }
        return buckets;
    }
}
