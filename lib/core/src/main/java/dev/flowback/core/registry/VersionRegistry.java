package dev.flowback.core.registry;

import dev.flowback.core.definition.ContentHash;
import dev.flowback.core.definition.DefinitionFormats;
import dev.flowback.core.definition.DefinitionLimits;
import dev.flowback.core.definition.ParsedDefinition;
import dev.flowback.core.diff.DefinitionDiff;
import dev.flowback.core.diff.DiffCalculator;
import dev.flowback.core.error.DuplicateContentException;
import dev.flowback.core.error.IntegrityException;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.error.NotFoundException;
import dev.flowback.core.error.VersionConflictException;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.VersionRef;
import dev.flowback.core.id.WorkflowId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The version registry use cases: publish, read (always integrity-checked), history, resolve, diff, status.
 *
 * <p>Publish order matters for "nothing lost, nothing half-written": everything that can be checked without
 * I/O is checked first ({@link PublishRules}); then the bytes go to the content-addressed store (create-only);
 * only then is the metadata written, with a conditional put. A failed snapshot write leaves no metadata; a lost
 * metadata race leaves only a content-addressed object that an identical later publish reuses.
 */
public final class VersionRegistry {
    public static final int MAX_PAGE = 100;

    private final SnapshotStore snapshots;
    private final VersionCatalog catalog;
    private final DefinitionFormats formats;
    private final Clock clock;

    public VersionRegistry(SnapshotStore snapshots, VersionCatalog catalog, DefinitionFormats formats, Clock clock) {
        this.snapshots = snapshots;
        this.catalog = catalog;
        this.formats = formats;
        this.clock = clock;
    }

    /** Whether the workflow has any published version: one bounded lookup. */
    public boolean hasVersions(WorkflowId workflow) {
        return catalog.newestBefore(workflow, Long.MAX_VALUE).isPresent();
    }

    /**
     * Publishes the request's document. Its bytes are parsed once (format rules, model, fingerprint) and hashed once;
     * nothing copies or re-serializes them, and the snapshot store sends them as they are. Store requests, in order:
     * for an explicit id one lookup of it (a taken id is refused before anything is written); the fingerprint lookup
     * (a duplicate is refused naming the version); the latest version (the parent, unless given); the snapshot's
     * create-only write; the sequence number; the fingerprint claim; the version's conditional write.
     */
    public PublishResult publish(PublishRequest request) {
        return publish(request, null);
    }

    /**
     * As {@link #publish(PublishRequest)}, with the SHA-256 of the document when the caller has just computed it
     * over these very bytes in memory (an upload checked against its declared hash), so they are not hashed twice.
     */
    PublishResult publish(PublishRequest request, ContentHash documentHash) {
        ParsedDefinition parsed = PublishRules.check(formats, request);
        ContentHash sha256 = documentHash != null ? documentHash : ContentHash.of(request.document());
        WorkflowId workflow = request.workflowId();

        if (request.versionId() != null && catalog.find(workflow, request.versionId()).isPresent()) {
            throw conflict(workflow, request.versionId());
        }
        if (!request.allowDuplicate()) {
            Optional<VersionRecord> same = catalog.findByFingerprint(workflow, parsed.fingerprint());
            if (same.isPresent()) {
                throw new DuplicateContentException("the definition is identical to " + workflow + " "
                        + same.get().versionId() + " (same semantic fingerprint " + parsed.fingerprint()
                        + "); nothing was published. Publish with allowDuplicate to create another version anyway",
                        same.get().versionId().value());
            }
        }
        VersionId parent = request.parentVersion();
        if (parent != null) {
            get(workflow, parent);
        } else {
            parent = catalog.newestBefore(workflow, Long.MAX_VALUE).map(VersionRecord::versionId).orElse(null);
        }

        String key = SnapshotKeys.forHash(sha256);
        boolean created = snapshots.putIfAbsent(key, sha256, request.document());
        if (!created) {
            // The key is the content's hash, so an existing object should hold these very bytes. Check rather than
            // trust: never link a new version to an object that has been damaged since it was written.
            verify(key, sha256, request.document().length, workflow + " (existing snapshot " + key + ")");
        }

        for (int attempt = 1; ; attempt++) {
            long sequence = catalog.nextSequence(workflow);
            // An explicit publish may have taken the id this sequence number assigns. No lookup first: the
            // version's write is conditional, and a taken id sends the loop on to the next sequence number.
            VersionId versionId = request.versionId() != null ? request.versionId() : VersionId.assigned(sequence);
            VersionRecord record = new VersionRecord(workflow, versionId, sequence, sha256, parsed.fingerprint(),
                    request.document().length, key, parsed.format().name(), request.author(), clock.instant(),
                    request.summary(), parent, parsed.model().schemaVersion(), parsed.model().engine(),
                    VersionStatus.CANDIDATE, parsed.format().secretNames(parsed.model()),
                    PublishRules.notes(parsed, request));
            if (!request.allowDuplicate()) {
                claim(workflow, parsed.fingerprint(), versionId);
            }
            try {
                catalog.insert(record);
                return new PublishResult(record, !created);
            } catch (VersionConflictException e) {
                if (!request.allowDuplicate()) {
                    catalog.releaseFingerprint(workflow, parsed.fingerprint(), versionId);
                }
                if (request.versionId() != null) {
                    throw conflict(workflow, versionId);
                }
                // The assigned id was taken by an explicit publish: the next one.
                requireAttemptLeft(workflow, attempt);
            }
        }
    }

    /** How many sequence numbers a publish without an id may skip over ids explicit publishes took. */
    static final int ASSIGN_ATTEMPTS = 20;
    /** A fingerprint claim whose publish never wrote its metadata is taken over after this long. */
    static final Duration STALE_CLAIM = Duration.ofMinutes(2);

    private static void requireAttemptLeft(WorkflowId workflow, int attempt) {
        if (attempt >= ASSIGN_ATTEMPTS) {
            throw new VersionConflictException("workflow " + workflow + ": the next " + ASSIGN_ATTEMPTS + " version"
                    + " ids Flowback would assign are all taken by explicitly named versions; publish under an"
                    + " explicit version id");
        }
    }

    /**
     * The duplicate check that concurrency cannot slip past: of two publishes of the same content under different
     * ids, the conditional claim lets one through.
     */
    private void claim(WorkflowId workflow, ContentHash fingerprint, VersionId versionId) {
        Instant now = clock.instant();
        catalog.claimFingerprint(workflow, fingerprint, versionId, now, now.minus(STALE_CLAIM)).ifPresent(holder -> {
            throw new DuplicateContentException("the definition is identical to " + workflow + " " + holder
                    + " (same semantic fingerprint " + fingerprint + "), published or being published right now;"
                    + " nothing was published. Publish with allowDuplicate to create another version anyway",
                    holder.value());
        });
    }

    public Optional<VersionRecord> find(WorkflowId workflow, VersionId version) {
        return catalog.find(workflow, version);
    }

    public VersionRecord get(WorkflowId workflow, VersionId version) {
        return catalog.find(workflow, version).orElseThrow(() -> new NotFoundException(
                "workflow " + workflow + " has no version " + version));
    }

    /** The version's bytes, re-hashed against the recorded SHA-256 before they are handed out. */
    public VerifiedDefinition read(WorkflowId workflow, VersionId version) {
        return read(get(workflow, version));
    }

    public VerifiedDefinition read(VersionRecord version) {
        byte[] bytes = verify(version.snapshotKey(), version.sha256(), version.sizeBytes(),
                version.workflowId() + " " + version.versionId());
        return new VerifiedDefinition(version, bytes);
    }

    /** Reads and parses a version with the format it was published in. */
    public ParsedDefinition parse(VerifiedDefinition definition) {
        return formats.parse(definition.version().format(), definition.bytes());
    }

    public HistoryPage history(WorkflowId workflow, int limit, String cursor) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new InvalidInputException("field.range", "limit", "limit must be between 1 and " + MAX_PAGE
                    + ", was " + limit);
        }
        return catalog.history(workflow, limit, cursor == null || cursor.isEmpty() ? null : cursor);
    }

    /**
     * Resolves a reference. {@code live} is what the environment runs now, if anything:
     * {@code latest} is the newest version; {@code previous} is the newest version older than {@code live}
     * (older than the latest when nothing is live); {@code last-known-good} is the newest GOOD version older than
     * {@code live} (the newest GOOD version when nothing is live).
     */
    public VersionRecord resolve(WorkflowId workflow, VersionRef ref, Optional<VersionId> live) {
        return switch (ref.kind()) {
            case EXPLICIT -> get(workflow, ref.explicit().orElseThrow());
            case LATEST -> catalog.newestBefore(workflow, Long.MAX_VALUE).orElseThrow(() -> noVersions(workflow));
            case PREVIOUS -> {
                long below = live.map(v -> get(workflow, v).sequence())
                        .orElseGet(() -> catalog.newestBefore(workflow, Long.MAX_VALUE)
                                .orElseThrow(() -> noVersions(workflow)).sequence());
                yield catalog.newestBefore(workflow, below).orElseThrow(() -> new NotFoundException(
                        "workflow " + workflow + " has no version before " + live.map(VersionId::value)
                                .orElse("the latest") + ", so 'previous' names nothing"));
            }
            case LAST_KNOWN_GOOD -> {
                long below = live.map(v -> get(workflow, v).sequence()).orElse(Long.MAX_VALUE);
                yield catalog.newestGoodBefore(workflow, below).orElseThrow(() -> new NotFoundException(
                        "workflow " + workflow + " has no GOOD version" + live.map(v -> " older than " + v).orElse("")
                                + ", so 'last-known-good' names nothing"));
            }
        };
    }

    public DefinitionDiff diff(WorkflowId workflow, VersionId from, VersionId to) {
        VerifiedDefinition a = read(workflow, from);
        VerifiedDefinition b = read(workflow, to);
        return DiffCalculator.diff(from.value(), parse(a), a.version().sha256().equals(b.version().sha256()),
                to.value(), parse(b));
    }

    public VersionRecord markStatus(WorkflowId workflow, VersionId version, VersionStatus status) {
        return catalog.setStatus(workflow, version, status);
    }

    private byte[] verify(String key, ContentHash expected, long expectedSize, String what) {
        byte[] bytes = snapshots.read(key, Math.max(expectedSize, DefinitionLimits.MAX_DOCUMENT_BYTES));
        ContentHash actual = ContentHash.of(bytes);
        if (!actual.equals(expected)) {
            throw new IntegrityException("integrity check failed for " + what + ": the stored bytes at " + key
                    + " hash to " + actual + " but " + expected + " was recorded; the snapshot has been altered or"
                    + " damaged and will not be used");
        }
        return bytes;
    }

    private static VersionConflictException conflict(WorkflowId workflow, VersionId version) {
        return new VersionConflictException("workflow " + workflow + " already has a version " + version
                + "; versions are immutable, publish under a new version id");
    }

    private static NotFoundException noVersions(WorkflowId workflow) {
        return new NotFoundException("workflow " + workflow + " has no versions");
    }
}
