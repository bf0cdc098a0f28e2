package dev.flowback.health;

import dev.flowback.core.chain.health.HealthQuery;
import dev.flowback.core.chain.health.HealthReport;
import dev.flowback.core.chain.health.HealthRules;
import dev.flowback.core.chain.port.HealthProbe;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The environment's health URL: a GET that must answer 2xx within the timeout. No answer is unhealthy: a service
 * that cannot say it is well after a switch is not assumed to be. The body is discarded unread. The answer is about
 * now, so the switch time does not change how it is judged.
 */
public final class HttpHealthProbe implements HealthProbe {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;

    public HttpHealthProbe(Duration timeout, Clock clock) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public HealthReport check(HealthQuery query) {
        String url = query.signals().healthUrl();
        Instant checkedAt = clock.instant();
        if (url == null) {
            return HealthReport.of(checkedAt, List.of(), null, null, List.of(), null);
        }
        Integer status = null;
        String error = null;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                    .header("User-Agent", "flowback-verify").GET().build();
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        }
        return HealthReport.of(checkedAt, List.of(HealthRules.http(url, status, error)), null, null, List.of(),
                status);
    }
}
