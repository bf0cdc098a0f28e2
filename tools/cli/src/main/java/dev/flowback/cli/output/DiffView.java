package dev.flowback.cli.output;

import java.io.PrintStream;

/**
 * The API's text diff, coloured line by line as a reader scans it: added in green, removed in red, changed in
 * yellow, headings bold. Plain text is printed unchanged.
 */
public final class DiffView {
    private DiffView() {
    }

    public static void print(PrintStream out, Style style, String diffText) {
        for (String line : diffText.stripTrailing().split("\n")) {
            String content = line.stripLeading();
            String painted;
            if (content.startsWith("+")) {
                painted = style.green(line);
            } else if (content.startsWith("-")) {
                painted = style.red(line);
            } else if (content.startsWith("~")) {
                painted = style.yellow(line);
            } else if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0))) {
                painted = style.bold(line);
            } else {
                painted = line;
            }
            out.println(painted);
        }
    }
}
