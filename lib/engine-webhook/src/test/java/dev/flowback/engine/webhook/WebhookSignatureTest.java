package dev.flowback.engine.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.flowback.engine.webhook.WebhookSignature.Verifier.Refusal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The signature covers timestamp, nonce, method, path and body; the verifier refuses stale and replayed requests. */
class WebhookSignatureTest {
    private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BODY = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final String NONCE = "0123456789abcdef0123456789abcdef";

    @Test
    void everySignedPartChangesTheSignature() {
        long t = NOW.getEpochSecond();
        String base = WebhookSignature.sign(KEY, t, NONCE, "POST", "/hook/apply", BODY);
        assertEquals(base, WebhookSignature.sign(KEY, t, NONCE, "POST", "/hook/apply", BODY));
        assertNotEquals(base, WebhookSignature.sign(KEY, t + 1, NONCE, "POST", "/hook/apply", BODY));
        assertNotEquals(base, WebhookSignature.sign(KEY, t, NONCE.replace('0', '1'), "POST", "/hook/apply", BODY));
        assertNotEquals(base, WebhookSignature.sign(KEY, t, NONCE, "POST", "/hook/open", BODY));
        assertNotEquals(base, WebhookSignature.sign(KEY, t, NONCE, "POST", "/hook/apply", "{}".getBytes(
                StandardCharsets.UTF_8)));
        assertNotEquals(base, WebhookSignature.sign("other".getBytes(StandardCharsets.UTF_8), t, NONCE, "POST",
                "/hook/apply", BODY));
    }

    @Test
    void theVerifierRefusesUnsignedForgedStaleAndReplayedRequests() {
        WebhookSignature.Verifier verifier = new WebhookSignature.Verifier(KEY);
        long t = NOW.getEpochSecond();
        String signature = WebhookSignature.sign(KEY, t, NONCE, "POST", "/h/status", BODY);
        assertEquals(Refusal.UNSIGNED, verifier.check(null, NONCE, signature, "POST", "/h/status", BODY, NOW));
        assertEquals(Refusal.BAD_SIGNATURE, verifier.check(Long.toString(t), NONCE, "v1=00", "POST", "/h/status",
                BODY, NOW));
        assertNull(verifier.check(Long.toString(t), NONCE, signature, "POST", "/h/status", BODY, NOW));
        assertEquals(Refusal.REPLAYED, verifier.check(Long.toString(t), NONCE, signature, "POST", "/h/status", BODY,
                NOW.plusSeconds(30)));
        assertEquals(Refusal.STALE, verifier.check(Long.toString(t), NONCE, signature, "POST", "/h/status", BODY,
                NOW.plus(Duration.ofMinutes(6))), "outside the window the timestamp alone refuses it");
        String later = "fedcba9876543210fedcba9876543210";
        long t2 = NOW.plus(Duration.ofMinutes(20)).getEpochSecond();
        assertNull(verifier.check(Long.toString(t2), later, WebhookSignature.sign(KEY, t2, later, "POST", "/h/status",
                BODY), "POST", "/h/status", BODY, NOW.plus(Duration.ofMinutes(20))), "old nonces are let go");
    }
}
