package dev.flowback.store.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** An object's body read into one array of its announced length, and a body that disagrees with it refused. */
class ObjectBodiesTest {
    private static final byte[] BODY = "a definition's bytes, exactly".getBytes(StandardCharsets.UTF_8);

    @Test
    void readsExactlyTheAnnouncedBytesEvenInSmallPieces() throws IOException {
        assertArrayEquals(BODY, ObjectBodies.read(trickle(BODY), (long) BODY.length));
        assertArrayEquals(BODY, ObjectBodies.read(trickle(BODY), null), "no length announced: read to the end");
    }

    @Test
    void aBodyShorterOrLongerThanAnnouncedIsACutOffRead() {
        IOException shorter = assertThrows(IOException.class,
                () -> ObjectBodies.read(new ByteArrayInputStream(BODY), BODY.length + 1L));
        assertTrue(shorter.getMessage().contains("ended after " + BODY.length), shorter.getMessage());
        IOException longer = assertThrows(IOException.class,
                () -> ObjectBodies.read(new ByteArrayInputStream(BODY), BODY.length - 1L));
        assertTrue(longer.getMessage().contains("ran on past"), longer.getMessage());
    }

    /** A stream that hands out at most three bytes a read, as a network stream may. */
    private static InputStream trickle(byte[] bytes) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 3));
            }
        };
    }
}
