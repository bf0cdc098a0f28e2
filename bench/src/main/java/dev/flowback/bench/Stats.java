package dev.flowback.bench;

import java.util.Arrays;

/**
 * The order statistics the harnesses report, computed one way for all of them: linear interpolation between the
 * closest ranks, over a sorted copy (the caller's array is left as it is).
 */
final class Stats {
    private Stats() {
    }

    /** The {@code p}-th percentile (0 to 100) of {@code values}; NaN when there are none. */
    static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double rank = p / 100 * (sorted.length - 1);
        int low = (int) Math.floor(rank);
        int high = Math.min(low + 1, sorted.length - 1);
        return sorted[low] + (rank - low) * (sorted[high] - sorted[low]);
    }

    static double median(double[] values) {
        return percentile(values, 50);
    }
}
