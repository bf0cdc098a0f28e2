package dev.flowback.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.definition.ContentHash;
import dev.flowback.core.definition.Fixtures;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.error.NotFoundException;
import dev.flowback.core.error.VersionConflictException;
import dev.flowback.core.id.VersionId;
import dev.flowback.core.id.WorkflowId;
import dev.flowback.core.registry.UploadPublishing.UploadOffer;
import dev.flowback.core.registry.UploadPublishing.UploadRequest;
import dev.flowback.core.testing.InMemoryPorts;
import org.junit.jupiter.api.Test;

/** Publishing through an upload: the staged bytes are checked against what was declared, then published once. */
class UploadPublishingTest {
    private static final WorkflowId WF = WorkflowId.of("wf-upload");
    private final InMemoryPorts ports = new InMemoryPorts();
    private final UploadPublishing uploads = ports.uploadPublishing();
    private final byte[] definition = Fixtures.bytes("definitions/triage-v1.json");

    private UploadOffer offer(ContentHash sha, long size) {
        return uploads.offer(new UploadRequest(WF, VersionId.of("v1.0.0"), "s", "alice", sha, size, false, false));
    }

    @Test
    void theStagedBytesArePublishedWithTheOffersRequestAndOnlyOnce() {
        UploadOffer offer = offer(ContentHash.of(definition), definition.length);
        assertTrue(offer.upload().stagingKey().startsWith("uploads/wf-upload/"), offer.upload().stagingKey());
        assertThrows(NotFoundException.class, () -> uploads.publish(WF, offer.upload().uploadId()),
                "nothing uploaded yet");
        ports.staging.put(offer.url().url(), definition);
        UploadPublishing.Published first = uploads.publish(WF, offer.upload().uploadId());
        assertTrue(first.newlyPublished());
        assertEquals("alice", first.version().author());
        assertEquals(ContentHash.of(definition), first.version().sha256());
        UploadPublishing.Published again = uploads.publish(WF, offer.upload().uploadId());
        assertFalse(again.newlyPublished());
        assertEquals(first.version(), again.version());
        assertThrows(VersionConflictException.class, () -> offer(null, -1), "v1.0.0 is taken now");
    }

    @Test
    void bytesThatAreNotWhatWasDeclaredAreRefusedAndNothingIsPublished() {
        UploadOffer sized = offer(null, definition.length + 1L);
        ports.staging.put(sized.url().url(), definition);
        InvalidInputException size = assertThrows(InvalidInputException.class,
                () -> uploads.publish(WF, sized.upload().uploadId()));
        assertEquals("size_bytes", size.problems().get(0).field());
        UploadOffer hashed = offer(ContentHash.of(new byte[] {1}), -1);
        ports.staging.put(hashed.url().url(), definition);
        InvalidInputException sha = assertThrows(InvalidInputException.class,
                () -> uploads.publish(WF, hashed.upload().uploadId()));
        assertEquals("sha256", sha.problems().get(0).field());
        assertFalse(ports.registry.hasVersions(WF));
        assertThrows(InvalidInputException.class, () -> uploads.publish(WF, "../etc"));
        assertThrows(InvalidInputException.class, () -> offer(null, 10L * 1024 * 1024 + 1));
    }
}
