package dev.flowback.core.chain.step;

import dev.flowback.core.chain.model.Environment;
import dev.flowback.core.chain.model.EnvironmentState;
import dev.flowback.core.chain.model.RollbackPhase;
import dev.flowback.core.chain.model.RollbackStatus;
import dev.flowback.core.chain.model.RolloutPolicy;
import dev.flowback.core.chain.model.VerifyFailurePolicy;
import dev.flowback.core.chain.model.VersionHold;
import dev.flowback.core.chain.payload.DryRunPlan;
import dev.flowback.core.chain.payload.RollbackOutcome;
import dev.flowback.core.chain.payload.RollbackTicket;
import dev.flowback.core.chain.payload.ValidationReport;
import dev.flowback.core.chain.port.EnvironmentStore;
import dev.flowback.core.chain.port.InstanceLeases;
import dev.flowback.core.chain.port.RollbackJournal;
import dev.flowback.core.chain.port.VersionHolds;
import dev.flowback.core.definition.CompatibilityFinding;
import dev.flowback.core.definition.ParsedDefinition;
import dev.flowback.core.diff.DefinitionDiff;
import dev.flowback.core.diff.DiffCalculator;
import dev.flowback.core.diff.DiffText;
import dev.flowback.core.engine.EngineRequirement;
import dev.flowback.core.error.IncompatibleTargetException;
import dev.flowback.core.error.IntegrityException;
import dev.flowback.core.error.InvalidInputException;
import dev.flowback.core.error.MessageBounds;
import dev.flowback.core.error.NotFoundException;
import dev.flowback.core.error.TargetRefusedException;
import dev.flowback.core.registry.VerifiedDefinition;
import dev.flowback.core.registry.VersionRecord;
import dev.flowback.core.registry.VersionRegistry;
import dev.flowback.core.registry.VersionStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Step 2: is the target safe to switch to? It exists; its stored bytes still hash to the recorded SHA-256; it
 * parses; its engine requirement has the environment's engine major; its format finds nothing the move from the
 * live version would break; it differs from what is live, is not BAD and is not held (an automatic rollback moved
 * the environment away from it: see VersionHold). The last three checks (and the format's forceable findings) give
 * way to {@code force}; integrity, validity, the engine rule and a blocking finding (a
 * secret the switch would wipe) never do.
 *
 * <p>Read-only: it writes nothing, not even the clean-up of expired leases the pause makes. A dry run ends here with
 * the plan: the diff, the instances in flight, what would happen.
 */
public final class ValidateStep {
    private final VersionRegistry registry;
    private final EnvironmentStore environments;
    private final InstanceLeases leases;
    private final RollbackJournal journal;
    private final VersionHolds holds;
    private final Clock clock;

    public ValidateStep(VersionRegistry registry, EnvironmentStore environments, InstanceLeases leases,
                        RollbackJournal journal, VersionHolds holds, Clock clock) {
        this.registry = registry;
        this.environments = environments;
        this.leases = leases;
        this.journal = journal;
        this.holds = holds;
        this.clock = clock;
    }

    public ValidationReport run(RollbackTicket ticket) {
        if (!ticket.dryRun()) {
            // A dry run opens no record; a real run validates only what its snapshot opened, before the pause.
            StepOrder.require(journal, ticket, "validate", StepOrder.follows(RollbackPhase.SNAPSHOT));
        }
        EnvironmentState state = environments.get(ticket.ref());
        Environment environment = state.environment();
        List<String> checks = new ArrayList<>();
        List<String> overridden = new ArrayList<>();

        VersionRecord target = registry.get(ticket.workflowId(), ticket.targetVersion());
        VerifiedDefinition bytes = registry.read(target);
        checks.add("stored bytes hash to the recorded sha256 " + AuditPlace.shortHash(target.sha256()));
        ParsedDefinition parsed = registry.parse(bytes);
        checks.add("definition is valid " + parsed.format().name() + " (" + parsed.model().nodes().size() + " nodes)");

        EngineRequirement needs = parsed.model().engine();
        String engine = environment.engineName() + " " + environment.engineVersion();
        if (needs != null) {
            Optional<String> incompatible = needs.incompatibilityWith(environment.engineName(),
                    environment.engineVersion());
            if (incompatible.isPresent()) {
                throw new IncompatibleTargetException("target_version " + ticket.targetVersion() + " cannot run in "
                        + environment.ref() + ": " + incompatible.get());
            }
            checks.add("engine: needs " + needs + ", environment runs " + engine);
        } else {
            checks.add("engine: the definition states no requirement; environment runs " + engine);
        }

        Optional<ParsedDefinition> live = readLive(ticket, overridden);
        if (live.isEmpty() && ticket.fromVersion() != null) {
            refuseToDropSecrets(ticket, target);
        }
        if (live.isPresent() && live.get().format().name().equals(parsed.format().name())) {
            List<CompatibilityFinding> findings =
                    parsed.format().compatibilityFindings(live.get().model(), parsed.model());
            List<String> blocking = findings.stream().filter(f -> !f.forceable()).map(CompatibilityFinding::message)
                    .toList();
            if (!blocking.isEmpty()) {
                throw new IncompatibleTargetException("target_version " + ticket.targetVersion() + " is not compatible"
                        + " with the live " + ticket.fromVersion() + ": " + String.join("; ", blocking)
                        + " (force does not override this)");
            }
            List<String> forceable = findings.stream().filter(CompatibilityFinding::forceable)
                    .map(CompatibilityFinding::message).toList();
            if (!forceable.isEmpty()) {
                refuseUnlessForced(ticket, overridden, new IncompatibleTargetException("target_version "
                        + ticket.targetVersion() + " is not compatible with the live " + ticket.fromVersion() + ": "
                        + String.join("; ", forceable) + " (force overrides)"));
            }
        }
        if (ticket.targetVersion().equals(ticket.fromVersion())) {
            refuseUnlessForced(ticket, overridden, new TargetRefusedException("target_version "
                    + ticket.targetVersion() + " is already live in " + environment.ref()
                    + "; nothing to switch (force overrides)"));
        } else if (live.isPresent() && live.get().fingerprint().equals(parsed.fingerprint())) {
            refuseUnlessForced(ticket, overridden, new TargetRefusedException("target_version "
                    + ticket.targetVersion() + " has the same content as the live " + ticket.fromVersion()
                    + " (same semantic fingerprint); nothing would change (force overrides)"));
        }
        // A hold says more than BAD (which an automatic rollback also marks): a person has to lift it.
        Optional<VersionHold> hold = holds.find(ticket.ref(), ticket.targetVersion()).filter(VersionHold::isActive);
        if (hold.isPresent()) {
            refuseUnlessForced(ticket, overridden, new TargetRefusedException("target_version "
                    + hold.get().describe() + "; a person lifts the hold, or force overrides"));
        }
        if (target.status() == VersionStatus.BAD) {
            refuseUnlessForced(ticket, overridden, new TargetRefusedException("target_version "
                    + ticket.targetVersion() + " is marked BAD (force overrides)"));
        }
        checks.add("target differs from the live version, is not BAD and is not held" + (overridden.isEmpty() ? ""
                : " (or force overrides)"));

        DefinitionDiff diff = live.map(l -> DiffCalculator.diff(ticket.fromVersion().value(), l,
                ticket.targetSha256().equals(ticket.fromSha256()), ticket.targetVersion().value(), parsed))
                .orElse(null);
        String summary = diff != null ? diff.summary()
                : ticket.fromVersion() == null ? "first deployment: nothing live" : "live version unreadable: no diff";
        RollbackOutcome dryRun = ticket.dryRun() ? plan(ticket, state, diff, summary, overridden) : null;
        return new ValidationReport(ticket.targetVersion(), ticket.targetSha256(),
                needs == null ? null : needs.toString(), summary, checks, overridden, dryRun);
    }

    /**
     * The live version's model, for compatibility findings and the diff. A live version that cannot be read must
     * not block moving away from it: that is often why the rollback runs.
     */
    private Optional<ParsedDefinition> readLive(RollbackTicket ticket, List<String> notes) {
        if (ticket.fromVersion() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(registry.parse(registry.read(ticket.workflowId(), ticket.fromVersion())));
        } catch (IntegrityException | InvalidInputException | NotFoundException e) {
            notes.add("the live version " + ticket.fromVersion() + " could not be read, so compatibility with it was"
                    + " not assessed: " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The live version's bytes could not be read, so its model is unknown; the names of its secrets were recorded
     * at publish time and still are. A secret the live version declares and the target does not would be wiped by
     * the switch, and no snapshot holds its value: never forceable.
     */
    private void refuseToDropSecrets(RollbackTicket ticket, VersionRecord target) {
        Optional<VersionRecord> liveRecord = registry.find(ticket.workflowId(), ticket.fromVersion());
        List<String> dropped = liveRecord.map(VersionRecord::secretNames).orElse(List.of()).stream()
                .filter(name -> !target.secretNames().contains(name)).toList();
        if (!dropped.isEmpty()) {
            throw new IncompatibleTargetException("target_version " + ticket.targetVersion() + " does not declare the"
                    + " secret(s) " + String.join(", ", dropped) + " that the live " + ticket.fromVersion()
                    + " declares (recorded at publish): switching would wipe them, and no snapshot holds their values"
                    + " (force does not override this)");
        }
    }

    private static void refuseUnlessForced(RollbackTicket ticket, List<String> overridden, RuntimeException refusal) {
        if (!ticket.force()) {
            throw refusal;
        }
        overridden.add("forced past: " + refusal.getMessage());
    }

    private RollbackOutcome plan(RollbackTicket ticket, EnvironmentState state, DefinitionDiff diff, String summary,
                                 List<String> warnings) {
        int inFlight = leases.countActive(ticket.ref(), clock.instant());
        RolloutPolicy rollout = state.environment().rollout();
        List<String> steps = List.of(
                "take the rollback lock of " + ticket.ref(),
                "close the admission gate and wait up to " + rollout.drainTimeout().toSeconds() + " s for " + inFlight
                        + " in-flight instance(s) to finish" + (ticket.force() ? " (then go on regardless: forced)"
                        : " (then abort)"),
                "switch the active version from " + state.pointer().activeLabel() + " to " + ticket.targetVersion()
                        + " (revision " + state.pointer().revision() + " -> " + (state.pointer().revision() + 1) + ")",
                "reopen the gate and watch health for " + rollout.verificationWindow().toSeconds()
                        + " s; if unhealthy: "
                        + (rollout.onVerifyFailure() == VerifyFailurePolicy.REVERT && ticket.fromVersion() != null
                        ? "switch back to " + ticket.fromVersion() + " and mark " + ticket.targetVersion() + " BAD"
                        : "keep " + ticket.targetVersion() + " live and mark it BAD"));
        // The plan travels in the execution output (256 KiB at most): a huge diff is cut; `flowback compare` has it.
        DryRunPlan plan = new DryRunPlan(summary, diff == null ? ""
                : MessageBounds.cap(DiffText.text(diff), MessageBounds.MAX_DIFF_TEXT), inFlight, steps, warnings);
        String message = "dry run: would switch " + ticket.describe() + " (" + summary + "); " + inFlight
                + " instance(s) in flight; nothing was changed";
        return new RollbackOutcome(RollbackStatus.DRY_RUN, message, ticket.workflowId().value(),
                ticket.environment().value(), ticket.executionId(), RollbackOutcome.text(ticket.fromVersion()),
                ticket.targetVersion().value(), ticket.requestedTarget().toString(), state.pointer().activeLabel(),
                state.pointer().revision(), ticket.reason(), ticket.trigger().wireName(), ticket.requestedBy(), null,
                null, plan);
    }
}
