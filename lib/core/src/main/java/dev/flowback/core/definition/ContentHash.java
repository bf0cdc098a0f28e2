package dev.flowback.core.definition;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A SHA-256 digest, written as 64 lower-case hex characters. */
public record ContentHash(String hex) {
    private static final Pattern HEX = Pattern.compile("^[0-9a-f]{64}$");

    public ContentHash {
        if (hex == null || !HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("a SHA-256 is 64 lower-case hex characters");
        }
    }

    public static boolean isWellFormed(String text) {
        return text != null && HEX.matcher(text).matches();
    }

    public static ContentHash of(byte[] bytes) {
        return new ContentHash(HexFormat.of().formatHex(newDigest().digest(bytes)));
    }

    /** Hashes a stream to its end without holding it in memory. */
    public static ContentHash of(InputStream in) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
        }
        return new ContentHash(HexFormat.of().formatHex(digest.digest()));
    }

    /** The digest in base64, the form S3's {@code x-amz-checksum-sha256} header carries. */
    public String base64() {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return hex;
    }
}
