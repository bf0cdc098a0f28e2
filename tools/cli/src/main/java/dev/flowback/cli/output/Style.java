package dev.flowback.cli.output;

/** ANSI colour when the output is a terminal that wants it; the text unchanged otherwise. */
public record Style(boolean colour) {
    private static final String RESET = "\u001b[0m";

    public String red(String text) {
        return paint("\u001b[31m", text);
    }

    public String green(String text) {
        return paint("\u001b[32m", text);
    }

    public String yellow(String text) {
        return paint("\u001b[33m", text);
    }

    public String bold(String text) {
        return paint("\u001b[1m", text);
    }

    public String dim(String text) {
        return paint("\u001b[2m", text);
    }

    /** A version status or rollback outcome in the colour of what it means. */
    public String status(String status) {
        return switch (status) {
            case "GOOD", "SUCCEEDED", "OPEN" -> green(status);
            case "BAD", "FAILED", "HELD", "REVERTED", "CLOSED" -> red(status);
            default -> yellow(status);
        };
    }

    private String paint(String code, String text) {
        return colour ? code + text + RESET : text;
    }
}
