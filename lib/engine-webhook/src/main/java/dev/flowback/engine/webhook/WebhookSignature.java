package dev.flowback.engine.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How protocol requests are signed and checked (docs/engines.md, "The webhook protocol"). The signature is
 * HMAC-SHA256, keyed with the shared secret's UTF-8 bytes, over
 * <pre>
 * v1 \n {timestamp} \n {nonce} \n {METHOD} \n {path} \n {hex SHA-256 of the body}
 * </pre>
 * sent as {@code X-Flowback-Signature: v1=<hex>} beside {@code X-Flowback-Timestamp} (Unix seconds) and
 * {@code X-Flowback-Nonce} (32 hex characters, random). Signing the timestamp and nonce is what makes a captured
 * request useless: the receiver refuses a timestamp outside its window and a nonce it has seen within that window.
 * Engines written in Java may use this class for both sides; {@link Verifier} is the receiving side.
 */
public final class WebhookSignature {
    public static final String TIMESTAMP = "X-Flowback-Timestamp";
    public static final String NONCE = "X-Flowback-Nonce";
    public static final String SIGNATURE = "X-Flowback-Signature";
    /** How far a request's timestamp may be from the receiver's clock, either way. */
    public static final Duration WINDOW = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private WebhookSignature() {
    }

    /** A fresh nonce: 16 random bytes as 32 lower-case hex characters. */
    public static String nonce() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HEX.formatHex(bytes);
    }

    /** The header value {@code v1=<hex>} for one request. */
    public static String sign(byte[] key, long timestamp, String nonce, String method, String path, byte[] body) {
        String canonical = "v1\n" + timestamp + "\n" + nonce + "\n" + method + "\n" + path + "\n"
                + HEX.formatHex(sha256(body));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return "v1=" + HEX.formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /**
     * The receiving side: checks a request's signature in constant time, its timestamp against the window, and its
     * nonce against those seen within the window (kept in memory, so one verifier per engine process; an engine
     * running several processes behind one URL shares the nonces, or pins a rollback's calls to one process).
     */
    public static final class Verifier {
        private final byte[] key;
        private final Map<String, Instant> seen = new LinkedHashMap<>();

        /** Why a request was refused; null when it passed. */
        public enum Refusal { UNSIGNED, BAD_SIGNATURE, STALE, REPLAYED }

        public Verifier(byte[] key) {
            this.key = key.clone();
        }

        public synchronized Refusal check(String timestamp, String nonce, String signature, String method,
                                          String path, byte[] body, Instant now) {
            if (timestamp == null || nonce == null || signature == null || !timestamp.matches("[0-9]{1,12}")
                    || !nonce.matches("[0-9a-f]{32}")) {
                return Refusal.UNSIGNED;
            }
            String expected = sign(key, Long.parseLong(timestamp), nonce, method, path, body);
            if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                    signature.getBytes(StandardCharsets.US_ASCII))) {
                return Refusal.BAD_SIGNATURE;
            }
            Instant at = Instant.ofEpochSecond(Long.parseLong(timestamp));
            if (Duration.between(at, now).abs().compareTo(WINDOW) > 0) {
                return Refusal.STALE;
            }
            for (Iterator<Instant> it = seen.values().iterator(); it.hasNext(); ) {
                if (Duration.between(it.next(), now).compareTo(WINDOW.multipliedBy(2)) > 0) {
                    it.remove();
                } else {
                    break;
                }
            }
            if (seen.putIfAbsent(nonce, now) != null) {
                return Refusal.REPLAYED;
            }
            return null;
        }
    }
}
