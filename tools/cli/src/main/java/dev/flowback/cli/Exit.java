package dev.flowback.cli;

/**
 * The CLI's exit codes, one per kind of outcome a script branches on. {@code flowback --help} and the README list
 * them from here.
 */
public enum Exit {
    OK(0, "success"),
    FAILED(1, "failed: the rollback failed before or at the switch (compensated), or the API failed"),
    USAGE(2, "usage error: unknown command or option, missing or malformed argument, no region"),
    REFUSED(3, "refused: the API refused the request (bad input, conflict, lock held, target refused, denied)"),
    VERIFICATION_FAILED(4, "verification failed: the rollback switched, the target failed verification"
            + " (held or reverted)"),
    NOT_FOUND(5, "not found: workflow, version, environment, rollback or stack"),
    UNREACHABLE(6, "unreachable: no answer from the API, no AWS credentials, or the local stack is not running"),
    /** What the JVM answers for SIGINT (128 + 2); --wait says how to follow the rollback, which keeps running. */
    INTERRUPTED(130, "interrupted (Ctrl-C) while waiting; the rollback keeps running");

    private final int code;
    private final String meaning;

    Exit(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }
}
