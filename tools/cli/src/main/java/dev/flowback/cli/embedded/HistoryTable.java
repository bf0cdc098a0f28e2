package dev.flowback.cli.embedded;

import dev.flowback.core.registry.HistoryPage;
import dev.flowback.core.registry.VersionRecord;
import java.io.PrintStream;

/** Prints a workflow's history as an aligned table, newest first. */
public final class HistoryTable {
    private HistoryTable() {
    }

    public static void print(PrintStream out, HistoryPage page) {
        out.printf("  %-10s %4s  %-9s  %-20s  %-12s  %-12s  %s%n",
                "VERSION", "SEQ", "STATUS", "CREATED", "SHA256", "FINGERPRINT", "SUMMARY");
        for (VersionRecord v : page.versions()) {
            out.printf("  %-10s %4d  %-9s  %-20s  %-12s  %-12s  %s%n",
                    v.versionId(), v.sequence(), v.status(), v.createdAt().toString().substring(0, 19) + "Z",
                    v.sha256().hex().substring(0, 12), v.fingerprint().hex().substring(0, 12), v.summary());
        }
        if (page.nextCursor() != null) {
            out.println("  … more (cursor " + page.nextCursor() + ")");
        }
    }
}
