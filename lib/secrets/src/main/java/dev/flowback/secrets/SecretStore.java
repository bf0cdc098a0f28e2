package dev.flowback.secrets;

/**
 * Where engine credentials come from: a secret named by its ARN in an environment's engine settings. Only the ARN
 * is ever stored or logged; the value lives in the store and in memory while it is used.
 */
public interface SecretStore {
    /**
     * The secret's current value. NotFoundException when no such secret exists, TransientStorageException when the
     * store could not answer now, StorageFailureException otherwise (access denied, a binary secret).
     */
    SecretValue read(String arn);

    /**
     * Forgets a cached value, so the next read fetches it again: after the engine refused a credential (it may have
     * been rotated since it was cached).
     */
    void forget(String arn);
}
