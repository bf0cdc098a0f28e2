package dev.flowback.engine.gate;

/**
 * Not admitted, and nothing of the attempt is left behind (its lease was withdrawn).
 *
 * @param reason    why, in a sentence for the engine's log
 * @param retryable true when asking again shortly may succeed (a rollback is draining the environment, or nothing
 *                  is live yet); false when the environment does not exist
 */
public record Refused(String instanceId, String reason, boolean retryable) implements Admission {
    @Override
    public boolean admitted() {
        return false;
    }
}
