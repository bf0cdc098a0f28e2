package dev.flowback.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.flowback.core.chain.health.HealthQuery;
import dev.flowback.core.chain.health.HealthReport;
import dev.flowback.core.chain.health.HealthSignals;
import dev.flowback.core.chain.port.HealthProbe;
import dev.flowback.core.id.EnvironmentRef;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against a real HTTP server on a loopback port the OS picks. */
class HttpHealthProbeTest {
    private static final AtomicInteger STATUS = new AtomicInteger(200);
    private static HttpServer server;
    private static final HttpHealthProbe PROBE = new HttpHealthProbe(Duration.ofSeconds(2), Clock.systemUTC());

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(STATUS.get(), -1);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static final EnvironmentRef REF = EnvironmentRef.of("wf-abc123", "prod");

    private static HealthQuery withUrl(String url) {
        return new HealthQuery(REF, HealthSignals.builder().healthUrl(url).build(), Instant.now());
    }

    private static String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/health";
    }

    @Test
    void twoHundredIsHealthyAndFiveHundredThreeIsNot() {
        STATUS.set(200);
        HealthReport ok = PROBE.check(withUrl(url()));
        assertTrue(ok.healthy(), ok.summary());
        assertEquals(200, ok.httpStatus());

        STATUS.set(503);
        HealthReport down = PROBE.check(withUrl(url()));
        assertFalse(down.healthy());
        assertEquals(503, down.httpStatus());
        assertTrue(down.summary().contains("answered 503"), down.summary());
    }

    @Test
    void noAnswerIsUnhealthy() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        HealthReport report = PROBE.check(withUrl("http://127.0.0.1:" + closedPort + "/health"));
        assertFalse(report.healthy());
        assertNull(report.httpStatus());
        assertTrue(report.summary().contains("did not answer"), report.summary());
    }

    @Test
    void environmentProbeAsksOnlyWhatIsConfigured() {
        HealthProbe cloudWatchMustNotBeCalled = query -> {
            throw new AssertionError("no alarms or metrics are configured");
        };
        EnvironmentHealthProbe probe = new EnvironmentHealthProbe(cloudWatchMustNotBeCalled, PROBE, Clock.systemUTC());
        STATUS.set(200);
        assertTrue(probe.check(withUrl(url())).healthy());

        HealthReport nothing = probe.check(new HealthQuery(REF, HealthSignals.none(), Instant.now()));
        assertTrue(nothing.healthy());
        assertTrue(nothing.summary().contains("no health signal configured"), nothing.summary());
        assertFalse(nothing.evidence(), "nothing watched is no evidence");
    }
}
