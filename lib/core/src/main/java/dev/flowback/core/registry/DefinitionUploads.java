package dev.flowback.core.registry;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Outgoing port: a staging area for definitions too large to travel in one API request (S3 in production), and
 * download URLs for stored definitions too large to answer in one. The
 * caller is handed a URL it can PUT the bytes to without credentials of its own; the bytes are read back, checked
 * and published only when the caller says it is done. Staged objects are never snapshots: they expire by
 * themselves, and publishing copies their bytes to the content-addressed store.
 */
public interface DefinitionUploads {
    /** A URL that lets its holder PUT one object at {@code key} for {@code validFor}, and the headers to send. */
    UploadUrl offer(String key, Duration validFor);

    /**
     * The staged bytes at {@code key}. Throws {@code NotFoundException} when nothing was uploaded there and
     * {@code InvalidInputException} (rule {@code document.size}) when the object is larger than {@code maxBytes},
     * before reading it.
     */
    byte[] read(String key, long maxBytes);

    /**
     * A URL that lets its holder GET the stored object at {@code key} (a snapshot too large to answer inline) for
     * {@code validFor}. The holder checks the bytes against the version's recorded SHA-256.
     */
    URI download(String key, Duration validFor);

    /** Where and how to upload: the method is always PUT; every header listed must be sent as given. */
    record UploadUrl(URI url, Map<String, String> headers) {
        public UploadUrl {
            headers = Map.copyOf(headers);
        }
    }
}
