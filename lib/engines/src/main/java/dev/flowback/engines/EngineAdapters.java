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
import java.util.function.Supplier;

/**
 * The engine port the chain's steps are given: one adapter per kind of binding, each built once per container, and
 * every call handed to the adapter the call's environment names ({@link EngineBinding}). The steps never choose an
 * adapter; an environment changes engines by changing its binding.
 *
 * <p>The HTTP adapters and their Secrets Manager client are built on the first call that needs one, not with the
 * function: most environments use the embedded gate, and the trigger and the API never reach an engine at all, so
 * building them at every cold start cost each function a third SDK client (a few hundred classes) for nothing.
 */
public final class EngineAdapters implements EngineControl {
    private final EngineControl embeddedGate;
    private final Supplier<EngineControl> dify;
    private final Supplier<EngineControl> webhook;
    private final Once<SecretStore> secrets;

    public EngineAdapters(EngineControl embeddedGate, EngineControl dify, EngineControl webhook) {
        this.embeddedGate = embeddedGate;
        this.dify = () -> dify;
        this.webhook = () -> webhook;
        this.secrets = null;
    }

    private EngineAdapters(EngineControl embeddedGate, Once<SecretStore> secrets, Clock clock) {
        this.embeddedGate = embeddedGate;
        this.secrets = secrets;
        this.dify = new Once<>(() -> new DifyEngine(secrets.get(), DifyEngine.DEFAULT_TIMEOUT));
        this.webhook = new Once<>(() -> new WebhookEngine(secrets.get(), clock, WebhookEngine.DEFAULT_TIMEOUT));
    }

    /**
     * The production wiring: the embedded gate over the environment store and leases, Dify and the webhook protocol
     * with credentials from Secrets Manager (one client, values cached per ARN for a few minutes).
     */
    public static EngineAdapters onAws(AwsSettings settings, EnvironmentStore environments, InstanceLeases leases,
                                       Clock clock) {
        return new EngineAdapters(new EmbeddedGateEngine(environments, leases, clock),
                new Once<>(() -> SecretsManagerStore.onAws(settings, clock)), clock);
    }

    /**
     * Whether this wiring has built its Secrets Manager client (only the production wiring builds one, and only when a
     * Dify or webhook binding is first called): what a cold start and a SnapStart priming must not do for nothing.
     */
    public boolean secretsClientBuilt() {
        return secrets != null && secrets.built();
    }

    private EngineControl adapter(EngineCall call) {
        EngineBinding binding = call.engine();
        if (binding instanceof EngineBinding.Dify) {
            return dify.get();
        }
        if (binding instanceof EngineBinding.Webhook) {
            return webhook.get();
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

    /** A value built on first use, once, even when two threads ask at the same time. */
    private static final class Once<T> implements Supplier<T> {
        private final Supplier<T> build;
        private volatile T value;

        Once(Supplier<T> build) {
            this.build = build;
        }

        @Override
        public T get() {
            T v = value;
            if (v == null) {
                synchronized (this) {
                    v = value;
                    if (v == null) {
                        v = build.get();
                        value = v;
                    }
                }
            }
            return v;
        }

        boolean built() {
            return value != null;
        }
    }
}
