package dev.flowback.store.s3;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads an object's body into exactly one array of its announced length, so a 10 MiB definition costs 10 MiB:
 * {@code InputStream.readAllBytes} gathers chunks and copies them together at the end, twice the size.
 */
final class ObjectBodies {
    private ObjectBodies() {
    }

    /**
     * The body, {@code length} bytes when S3 announced it ({@code null}: read to the end). A body that ends early or
     * runs on past its announced length is an IOException, as any cut-off read is.
     */
    static byte[] read(InputStream in, Long length) throws IOException {
        if (length == null || length > Integer.MAX_VALUE - 8) {
            return in.readAllBytes();
        }
        byte[] bytes = new byte[(int) (long) length];
        // Plain reads in a loop: a stream's own readNBytes may stop at what one read gives (ByteArrayInputStream's).
        int read = 0;
        for (int n; read < bytes.length && (n = in.read(bytes, read, bytes.length - read)) > 0; ) {
            read += n;
        }
        if (read < bytes.length) {
            throw new IOException("the object ended after " + read + " of its " + length + " bytes");
        }
        if (in.read() != -1) {
            throw new IOException("the object ran on past the " + length + " bytes it announced");
        }
        return bytes;
    }
}
