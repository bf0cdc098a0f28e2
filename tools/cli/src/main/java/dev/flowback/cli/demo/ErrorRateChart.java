package dev.flowback.cli.demo;

import dev.flowback.sandbox.SimulatedEngine;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;

/**
 * The error rate as a small terminal chart: one column a second, rows from the highest rate down to zero, the
 * alarm's threshold as a dotted row, and markers under the columns where the alarm fired ({@code A}) and the
 * pointer switched back ({@code S}).
 */
final class ErrorRateChart {
    static final int ROWS = 8;
    static final int MAX_COLUMNS = 72;

    private ErrorRateChart() {
    }

    static void print(PrintStream out, List<SimulatedEngine.Sample> all, double threshold, Instant alarm,
                      Instant switched) {
        List<SimulatedEngine.Sample> samples = all.stream().filter(s -> s.finished() > 0).toList();
        samples = samples.subList(Math.max(0, samples.size() - MAX_COLUMNS), samples.size());
        if (samples.isEmpty()) {
            out.println("  (no traffic measured)");
            return;
        }
        double top = Math.max(threshold * 2, samples.stream().mapToDouble(SimulatedEngine.Sample::errorRate).max()
                .orElse(0));
        int thresholdRow = (int) Math.round(threshold / top * ROWS);
        for (int row = ROWS; row >= 1; row--) {
            double level = top * row / ROWS;
            StringBuilder line = new StringBuilder(String.format("  %5.1f %% │", level));
            for (SimulatedEngine.Sample s : samples) {
                double rate = s.errorRate();
                if (rate >= level - top / ROWS / 2) {
                    line.append('█');
                } else {
                    line.append(row == thresholdRow ? '·' : ' ');
                }
            }
            out.println(line);
        }
        StringBuilder axis = new StringBuilder("          └");
        StringBuilder marks = new StringBuilder("           ");
        boolean alarmMarked = false;
        boolean switchMarked = false;
        for (SimulatedEngine.Sample s : samples) {
            axis.append('─');
            if (!alarmMarked && alarm != null && !s.at().isBefore(alarm)) {
                marks.append('A');
                alarmMarked = true;
            } else if (!switchMarked && switched != null && !s.at().isBefore(switched)) {
                marks.append('S');
                switchMarked = true;
            } else {
                marks.append(' ');
            }
        }
        out.println(axis);
        out.println(marks + "   A alarm, S switched back; from " + samples.get(0).at().toString().substring(11, 19)
                + " to " + samples.get(samples.size() - 1).at().toString().substring(11, 19));
    }
}
