package dev.flowback.core.definition.dify;

import dev.flowback.core.definition.CompatibilityFinding;
import dev.flowback.core.definition.ResourceRef;
import dev.flowback.core.definition.WorkflowModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What switching a Dify environment from the live version to a target would lose, that validating the target alone
 * cannot see:
 * <ul>
 *   <li>a plugin the live version pins that the target does not list: after the switch nothing pins it (an old
 *       DSL without {@code dependencies} lets Dify pick whatever is installed), and steps that need it may fail;</li>
 *   <li>a secret environment variable the live version has that the target lacks, or no longer marks secret:
 *       importing the target would delete it from Dify, and a rollback must never wipe a secret. No snapshot holds
 *       a secret's value, so nothing could bring it back: this finding is never forceable.</li>
 * </ul>
 */
final class RollbackFindings {
    private RollbackFindings() {
    }

    static List<CompatibilityFinding> between(WorkflowModel live, WorkflowModel target) {
        if (!DifyDslFormat.NAME.equals(live.format()) || !DifyDslFormat.NAME.equals(target.format())) {
            return List.of(); // a change of format is the engine check's business: the engine names differ
        }
        List<CompatibilityFinding> findings = new ArrayList<>();
        Map<String, ResourceRef> targetPlugins = target.resources().stream()
                .collect(Collectors.toMap(ResourceRef::uri, Function.identity()));
        for (ResourceRef plugin : live.resources()) {
            if (plugin.uri().startsWith(PluginDependencies.URI_PREFIX) && !targetPlugins.containsKey(plugin.uri())) {
                findings.add(CompatibilityFinding.forceable("plugin " + PluginDependencies.pluginName(plugin.uri())
                        + " " + plugin.version()
                        + " is a dependency of the live version but the target does not list it: after the switch "
                        + "nothing pins it, so check that the target's steps do not need it"));
            }
        }
        List<String> targetSecrets = DifyVariables.secretNames(target.sections().get(DifyVariables.ENVIRONMENT));
        for (String secret : DifyVariables.secretNames(live.sections().get(DifyVariables.ENVIRONMENT))) {
            if (!targetSecrets.contains(secret)) {
                findings.add(CompatibilityFinding.blocking("secret environment variable " + secret
                        + " exists in the live version but not as a "
                        + "secret in the target: switching would remove it from Dify, and a rollback must never wipe "
                        + "a secret; publish a target that declares it (blank, as Dify exports it) and roll back to"
                        + " that"));
            }
        }
        return findings;
    }
}
