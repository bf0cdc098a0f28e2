package dev.flowback.cli;

/**
 * Why a command could not do what was asked: what was wrong, what to do next, and the exit code that says which
 * kind of failure it was. The CLI prints it as two lines ({@code error: ...} and {@code next: ...}).
 */
public final class CliFailure extends RuntimeException {
    private final Exit exit;
    private final String next;
    private final String apiJson;

    public CliFailure(Exit exit, String message, String next) {
        this(exit, message, next, null, null);
    }

    public CliFailure(Exit exit, String message, String next, String apiJson, Throwable cause) {
        super(message, cause);
        this.exit = exit;
        this.next = next;
        this.apiJson = apiJson;
    }

    public Exit exit() {
        return exit;
    }

    /** What to do about it, one sentence; never empty. */
    public String next() {
        return next;
    }

    /** The API's error body when the API refused, for {@code --output json}; null otherwise. */
    public String apiJson() {
        return apiJson;
    }
}
