package dev.flowback.core.error;

/**
 * The engine answered and said no, or said something no engine keeping its contract says: credentials refused, an
 * app that does not exist, a definition it will not import or publish, a reply that breaks the protocol. Retrying
 * cannot change the answer, so the chain compensates at once and records the engine's words.
 */
public class EngineRefusedException extends FlowbackException {
    private static final long serialVersionUID = 1L;

    public EngineRefusedException(String message) {
        super(message);
    }

    public EngineRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
