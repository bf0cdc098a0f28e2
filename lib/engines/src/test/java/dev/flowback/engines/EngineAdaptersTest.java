package dev.flowback.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.aws.AwsSettings;
import dev.flowback.core.chain.model.EngineBinding;
import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.chain.port.EngineControl;
import dev.flowback.core.chain.port.EngineControl.EngineCall;
import dev.flowback.core.chain.port.EngineControl.RunningVersion;
import dev.flowback.core.id.EnvironmentRef;
import dev.flowback.core.registry.VerifiedDefinition;
import dev.flowback.core.testing.InMemoryPorts;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each binding reaches its own adapter, and the production wiring builds them all: the embedded gate answers from the
 * environment's leases, the HTTP adapters first read their secret from Secrets Manager.
 */
class EngineAdaptersTest {
    private static final EnvironmentRef REF = EnvironmentRef.of("wf-route", "prod");
    private static final String ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:unused-AbCdEf";

    @Test
    void eachBindingIsHandledByItsAdapter() {
        InMemoryPorts mem = new InMemoryPorts();
        mem.environments.create(Environment.of(REF, "flowback-engine", "2.4.1"), mem.clock.instant());
        mem.leases.put(REF, "inst-1", mem.clock.instant(), mem.clock.instant().plusSeconds(300));
        // Secrets Manager on a loopback port nothing listens on: the HTTP adapters fail reading their secret, which
        // only they do; the embedded gate needs none.
        EngineAdapters adapters = EngineAdapters.onAws(AwsSettings.local("k", "s",
                Map.of("secretsmanager", URI.create("http://127.0.0.1:9"))), mem.environments, mem.leases, mem.clock);

        assertEquals(1, adapters.countInFlight(new EngineCall(REF, EngineBinding.EMBEDDED_GATE, "exec-1")));
        assertFalse(adapters.secretsClientBuilt(), "the embedded gate needs no Secrets Manager client");
        EngineCall dify = new EngineCall(REF, EngineBinding.Dify.of(URI.create("http://127.0.0.1:9"),
                "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f", ARN), "exec-1");
        RuntimeException difyFailure = assertThrows(RuntimeException.class, () -> adapters.countInFlight(dify));
        assertTrue(difyFailure.getMessage().contains("reading secret " + ARN), difyFailure.getMessage());
        assertTrue(adapters.secretsClientBuilt(), "a Dify binding builds the client on its first call");
        EngineCall hook = new EngineCall(REF, new EngineBinding.Webhook(URI.create("http://127.0.0.1:9/hook"), ARN),
                "exec-1");
        RuntimeException hookFailure = assertThrows(RuntimeException.class, () -> adapters.running(hook));
        assertTrue(hookFailure.getMessage().contains("reading secret " + ARN), hookFailure.getMessage());
    }

    @Test
    void everyOperationGoesToTheAdapterOfTheCallsBinding() {
        List<String> calls = new ArrayList<>();
        EngineAdapters adapters = new EngineAdapters(new Recording("gate", calls), new Recording("dify", calls),
                new Recording("webhook", calls));
        EngineCall dify = new EngineCall(REF, EngineBinding.Dify.of(URI.create("https://dify.example.com"),
                "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f", ARN), "exec-1");
        EngineCall hook = new EngineCall(REF, new EngineBinding.Webhook(URI.create("https://e.example.com/h"), ARN),
                "exec-1");
        EngineCall gate = new EngineCall(REF, EngineBinding.EMBEDDED_GATE, "exec-1");
        adapters.closeAdmission(dify);
        adapters.countInFlight(hook);
        adapters.apply(gate, null);
        adapters.openAdmission(hook);
        adapters.running(dify);
        assertEquals(List.of("dify close", "webhook count", "gate apply", "webhook open", "dify running"), calls);
    }

    /** Records which adapter got which operation. */
    private record Recording(String name, List<String> calls) implements EngineControl {
        @Override
        public void closeAdmission(EngineCall call) {
            calls.add(name + " close");
        }

        @Override
        public int countInFlight(EngineCall call) {
            calls.add(name + " count");
            return 0;
        }

        @Override
        public RunningVersion apply(EngineCall call, VerifiedDefinition target) {
            calls.add(name + " apply");
            return RunningVersion.unknown(name);
        }

        @Override
        public void openAdmission(EngineCall call) {
            calls.add(name + " open");
        }

        @Override
        public RunningVersion running(EngineCall call) {
            calls.add(name + " running");
            return RunningVersion.unknown(name);
        }
    }
}
