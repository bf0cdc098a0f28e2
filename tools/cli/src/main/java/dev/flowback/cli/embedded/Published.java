package dev.flowback.cli.embedded;

import dev.flowback.core.registry.PublishResult;
import dev.flowback.core.registry.VersionRecord;
import java.io.PrintStream;

/** Console lines shared by the CLI's commands. */
public final class Published {
    private Published() {
    }

    public static void print(PrintStream out, PublishResult result) {
        VersionRecord v = result.version();
        out.printf("  published %-8s seq %d, %d bytes, format %s, sha256 %s…, fingerprint %s…%s%n",
                v.versionId(), v.sequence(), v.sizeBytes(), v.format(), v.sha256().hex().substring(0, 12),
                v.fingerprint().hex().substring(0, 12), result.snapshotReused() ? " (snapshot bytes reused)" : "");
        v.notes().forEach(note -> out.println("      note: " + note));
    }

    public static String indent(String text) {
        return text.lines().map(line -> "  " + line + "\n").reduce("", String::concat);
    }
}
