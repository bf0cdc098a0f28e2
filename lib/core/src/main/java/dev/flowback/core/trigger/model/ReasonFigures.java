package dev.flowback.core.trigger.model;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The numbers in a CloudWatch state reason. CloudWatch writes a threshold transition as
 * {@code Threshold Crossed: 2 out of the last 3 datapoints [300.0 (02/01/26 03:03:00), 280.0 (02/01/26 03:02:00)]
 * was greater than the threshold (250.0) (minimum 2 datapoints for OK -> ALARM transition).}; every delivery path
 * carries that sentence unchanged (the Lambda action's {@code state.reason}, EventBridge's {@code detail.state.reason},
 * SNS's {@code NewStateReason}), while the structured {@code reasonData} reaches the trigger by only some of them. So
 * the figures are read from the sentence, and every path yields the same evidence for the same state change.
 */
public final class ReasonFigures {
    private static final String NUMBER = "[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?";
    private static final Pattern DATAPOINTS = Pattern.compile("datapoints? \\[([^\\]]*)\\]");
    private static final Pattern VALUE = Pattern.compile("(?:^|,)\\s*(" + NUMBER + ")(?=\\s*(?:\\(|,|$))");
    private static final Pattern THRESHOLD = Pattern.compile("the threshold \\((" + NUMBER + ")\\)");

    private ReasonFigures() {
    }

    /** The datapoint values the reason cites, in its order; empty when it cites none. */
    public static List<Double> values(String reason) {
        List<Double> values = new ArrayList<>();
        if (reason == null) {
            return values;
        }
        Matcher list = DATAPOINTS.matcher(reason);
        if (list.find()) {
            Matcher value = VALUE.matcher(list.group(1));
            while (value.find()) {
                double v = Double.parseDouble(value.group(1));
                if (Double.isFinite(v)) {
                    values.add(v);
                }
            }
        }
        return values;
    }

    /** The threshold the reason compares with, or null when it states none. */
    public static Double threshold(String reason) {
        if (reason == null) {
            return null;
        }
        Matcher m = THRESHOLD.matcher(reason);
        if (!m.find()) {
            return null;
        }
        double t = Double.parseDouble(m.group(1));
        return Double.isFinite(t) ? t : null;
    }
}
