package dev.flowback.engines;

import dev.flowback.aws.AwsSettings;
import dev.flowback.core.chain.EmbeddedGateEngine;
import dev.flowback.core.chain.model.EngineBinding;
import dev.flowback.core.chain.port.EngineControl;
import dev.flowback.core.chain.port.EnvironmentStore;
import dev.flowback.core.chain.port.InstanceLeases;
import dev.flowback.core.registry.VerifiedDefinition;
import dev.flowback.engine.dify.DifyEngine;
import dev.flowback.engine.webhook.WebhookEngine;
import dev.flowback.secrets.SecretStore;
import dev.flowback.secrets.SecretsManagerStore;
import java.time.Clock;

/**
 * The engine port the chain's steps are given: one adapter per kind of binding, each built once per container, and
 * every call handed to the adapter the call's environment names ({@link EngineBinding}). The steps never choose an
 * adapter; an environment changes engines by changing its binding.
 */
public final class EngineAdapters implements EngineControl {
    private final EngineControl embeddedGate;
    private final EngineControl dify;
    private final EngineControl webhook;

    public EngineAdapters(EngineControl embeddedGate, EngineControl dify, EngineControl webhook) {
        this.embeddedGate = embeddedGate;
        this.dify = dify;
        this.webhook = webhook;
    }

    /**
     * The production wiring: the embedded gate over the environment store and leases, Dify and the webhook protocol
     * with credentials from Secrets Manager (one client, values cached per ARN for a few minutes).
     */
    public static EngineAdapters onAws(AwsSettings settings, EnvironmentStore environments, InstanceLeases leases,
                                       Clock clock) {
        SecretStore secrets = SecretsManagerStore.onAws(settings, clock);
        return new EngineAdapters(new EmbeddedGateEngine(environments, leases, clock),
                new DifyEngine(secrets, DifyEngine.DEFAULT_TIMEOUT),
                new WebhookEngine(secrets, clock, WebhookEngine.DEFAULT_TIMEOUT));
    }

    private EngineControl adapter(EngineCall call) {
        EngineBinding binding = call.engine();
        if (binding instanceof EngineBinding.Dify) {
            return dify;
        }
        if (binding instanceof EngineBinding.Webhook) {
            return webhook;
        }
        return embeddedGate;
    }

    @Override
    public void closeAdmission(EngineCall call) {
        adapter(call).closeAdmission(call);
    }

    @Override
    public int countInFlight(EngineCall call) {
        return adapter(call).countInFlight(call);
    }

    @Override
    public RunningVersion apply(EngineCall call, VerifiedDefinition target) {
        return adapter(call).apply(call, target);
    }

    @Override
    public void openAdmission(EngineCall call) {
        adapter(call).openAdmission(call);
    }

    @Override
    public RunningVersion running(EngineCall call) {
        return adapter(call).running(call);
    }
}
