package dev.flowback.core.registry;

import dev.flowback.core.definition.ContentHash;
import dev.flowback.core.definition.DefinitionLimits;
import dev.flowback.core.error.DuplicateContentException;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.error.NotFoundException;
import dev.flowback.core.error.VersionConflictException;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.DefinitionUploads.UploadUrl;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Publishing a definition that is too large for one request (an API call carries at most a few MiB; a definition
 * may have 10 MiB): the publisher is offered an upload, PUTs the bytes to the URL it is given, then asks for the
 * upload to be published. Publishing reads the staged bytes back, checks the declared size and SHA-256, and hands
 * them to {@link VersionRegistry#publish}, so a large definition passes exactly the checks a small one does and is
 * stored the same way. Publishing an upload twice answers the version it became.
 */
public final class UploadPublishing {
    /** How long the upload URL stays valid. */
    public static final Duration UPLOAD_WINDOW = Duration.ofMinutes(15);
    /** Staged objects live under this prefix, never under the snapshots'; the bucket expires them after a day. */
    public static final String STAGING_PREFIX = "uploads/";
    private static final Pattern UPLOAD_ID = Pattern.compile("^[0-9a-f]{32}$");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final VersionRegistry registry;
    private final DefinitionUploads uploads;
    private final UploadLedger ledger;
    private final Clock clock;

    public UploadPublishing(VersionRegistry registry, DefinitionUploads uploads, UploadLedger ledger, Clock clock) {
        this.registry = registry;
        this.uploads = uploads;
        this.ledger = ledger;
        this.clock = clock;
    }

    /**
     * What the publisher asks for, as for a direct publish, plus what it declares about the bytes it will upload.
     *
     * @param versionId the version id to publish as, or null to have one assigned
     * @param sha256    the SHA-256 of the bytes to come, or null; checked when the upload is published
     * @param sizeBytes their size, or -1; checked likewise (and at most 10 MiB)
     */
    public record UploadRequest(WorkflowId workflowId, VersionId versionId, String summary, String author,
                                ContentHash sha256, long sizeBytes, boolean allowDuplicate,
                                boolean allowPlaintextCredentials) {
    }

    /** The upload as recorded and the URL to PUT the bytes to before {@code upload.expiresAt()}. */
    public record UploadOffer(UploadRecord upload, UploadUrl url) {
    }

    /** The version an upload became, and whether this call published it (false: it had been already). */
    public record Published(VersionRecord version, boolean newlyPublished) {
    }

    /** Checks everything that can be checked before the bytes exist, then records the upload and offers its URL. */
    public UploadOffer offer(UploadRequest request) {
        String author = request.author() == null || request.author().isBlank() ? "unknown" : request.author().strip();
        String summary = request.summary() == null ? "" : request.summary().strip();
        if (author.length() > PublishRequest.MAX_AUTHOR) {
            throw new InvalidInputException("field.length", "author", "author is longer than "
                    + PublishRequest.MAX_AUTHOR + " characters");
        }
        if (summary.length() > PublishRequest.MAX_SUMMARY) {
            throw new InvalidInputException("field.length", "summary", "summary is longer than "
                    + PublishRequest.MAX_SUMMARY + " characters");
        }
        if (request.sizeBytes() != -1 && (request.sizeBytes() < 1
                || request.sizeBytes() > DefinitionLimits.MAX_DOCUMENT_BYTES)) {
            throw new InvalidInputException("field.range", "size_bytes", "size_bytes must be between 1 and "
                    + DefinitionLimits.MAX_DOCUMENT_BYTES + " (10 MiB), was " + request.sizeBytes());
        }
        if (request.versionId() != null && registry.find(request.workflowId(), request.versionId()).isPresent()) {
            throw new VersionConflictException("workflow " + request.workflowId() + " already has a version "
                    + request.versionId() + "; versions are immutable, publish under a new version id");
        }
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        String uploadId = HexFormat.of().formatHex(random);
        UploadRecord record = new UploadRecord(request.workflowId(), uploadId,
                STAGING_PREFIX + request.workflowId().value() + "/" + uploadId, request.versionId(), summary, author,
                request.sha256(), request.sizeBytes(), request.allowDuplicate(), request.allowPlaintextCredentials(),
                clock.instant(), clock.instant().plus(UPLOAD_WINDOW), null);
        ledger.open(record);
        return new UploadOffer(record, uploads.offer(record.stagingKey(), UPLOAD_WINDOW));
    }

    /** The upload as recorded; NotFoundException naming upload_id when there is none. */
    public UploadRecord get(WorkflowId workflow, String uploadId) {
        return ledger.find(workflow, checkId(uploadId)).orElseThrow(() -> new NotFoundException("upload_id \""
                + uploadId + "\" names no upload of workflow " + workflow + "; ask for an upload first"));
    }

    /**
     * Reads the staged bytes, checks them against what was declared, and publishes them with the request recorded
     * at the offer. Nothing is published when any check fails.
     */
    public Published publish(WorkflowId workflow, String uploadId) {
        UploadRecord upload = get(workflow, uploadId);
        Optional<Published> done = publishedAlready(upload);
        if (done.isPresent()) {
            return done.get();
        }
        byte[] bytes;
        try {
            bytes = uploads.read(upload.stagingKey(), DefinitionLimits.MAX_DOCUMENT_BYTES);
        } catch (NotFoundException e) {
            throw new NotFoundException("nothing was uploaded for upload_id \"" + uploadId + "\": PUT the definition"
                    + " to the upload URL first (valid until " + upload.expiresAt() + ")", e);
        }
        if (upload.expectedSize() != -1 && bytes.length != upload.expectedSize()) {
            throw new InvalidInputException("upload.size", "size_bytes", "the uploaded definition has " + bytes.length
                    + " bytes but size_bytes declared " + upload.expectedSize() + "; nothing was published");
        }
        ContentHash actual = ContentHash.of(bytes);
        if (upload.expectedSha256() != null && !actual.equals(upload.expectedSha256())) {
            throw new InvalidInputException("upload.sha256", "sha256", "the uploaded definition hashes to " + actual
                    + " but sha256 declared " + upload.expectedSha256() + " (damaged or not the intended file);"
                    + " nothing was published");
        }
        PublishRequest request = new PublishRequest(workflow, upload.versionId(), bytes, upload.author(),
                upload.summary(), null, upload.allowDuplicate(), upload.allowPlaintextCredentials());
        PublishResult result;
        try {
            result = registry.publish(request, actual);
        } catch (VersionConflictException | DuplicateContentException e) {
            // A concurrent publish of this same upload may have won: answer what it published.
            return publishedAlready(get(workflow, uploadId)).orElseThrow(() -> e);
        }
        if (!ledger.markPublished(workflow, uploadId, result.version().versionId())) {
            return publishedAlready(get(workflow, uploadId)).orElseThrow();
        }
        return new Published(result.version(), true);
    }

    private Optional<Published> publishedAlready(UploadRecord upload) {
        return upload.published().map(v -> new Published(registry.get(upload.workflowId(), v), false));
    }

    private static String checkId(String uploadId) {
        if (uploadId == null || !UPLOAD_ID.matcher(uploadId).matches()) {
            throw new InvalidInputException("identifier.syntax", "upload_id", "upload_id must be the 32 lower-case"
                    + " hex digits an upload offer handed out");
        }
        return uploadId;
    }
}
