package dev.flowback.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowback.cli.output.Style;
import dev.flowback.cli.output.Table;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A rollback's times as the API reads them from its record: started, switched (the pointer moved), verified (the
 * verdict) and finished, and, for a rollback an alarm started, the alarm's state-change time with the two latencies
 * the API derives from it (alarm → switched, alarm → verified). A rollback no alarm started has no alarm time, and
 * the table says so rather than showing one.
 */
final class RollbackTimes {
    private RollbackTimes() {
    }

    static void print(PrintStream out, Style style, JsonNode view) {
        boolean alarm = view.hasNonNull("alarm_at");
        Table table = alarm ? new Table("TIME", "AT", "SINCE ALARM") : new Table("TIME", "AT");
        if (alarm) {
            table.row("alarm", view.get("alarm_at").asText(), "0.000 s");
        }
        row(table, alarm, view, "started", "started_at", null);
        row(table, alarm, view, "switched", "switched_at", "alarm_to_switched_ms");
        row(table, alarm, view, "verified", "verified_at", "alarm_to_verified_ms");
        row(table, alarm, view, "finished", "finished_at", null);
        table.print(out, style);
        if (!alarm) {
            out.println("no alarm started this rollback (trigger " + ApiCommand.text(view, "trigger")
                    + "): no alarm latency");
        }
    }

    private static void row(Table table, boolean alarm, JsonNode view, String label, String at, String sinceAlarm) {
        if (!alarm) {
            table.row(label, ApiCommand.text(view, at));
            return;
        }
        JsonNode ms = sinceAlarm == null ? null : view.get(sinceAlarm);
        table.row(label, ApiCommand.text(view, at), ms == null || ms.isNull() ? "-"
                : String.format(Locale.ROOT, "%.3f s", ms.asLong() / 1000.0));
    }
}
