package dev.flowback.core.definition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.core.error.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DocumentInputTest {
    @Test
    void readsWholeStreams() {
        byte[] data = new byte[300_000];
        new Random(1).nextBytes(data);
        assertArrayEquals(data, DocumentInput.read(new ByteArrayInputStream(data)));
    }

    @Test
    void stopsReadingSoonAfterTheLimit() {
        // An endless stream: the read must stop on its own once past the limit.
        InputStream endless = new InputStream() {
            long served;

            @Override
            public int read() {
                served++;
                return 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                served += len;
                java.util.Arrays.fill(b, off, off + len, (byte) 'x');
                return len;
            }
        };
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> DocumentInput.read(endless, 1000));
        assertTrue(e.getMessage().contains("larger than the limit of 1000 bytes"), e.getMessage());
    }
}
