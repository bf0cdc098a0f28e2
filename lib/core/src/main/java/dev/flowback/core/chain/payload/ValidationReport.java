package dev.flowback.core.chain.payload;

import dev.flowback.core.definition.ContentHash;
import dev.flowback.core.id.VersionId;
import java.util.List;

/**
 * The validate step's result: what was checked, which refusals {@code force} overrode, and for a dry run the
 * outcome to end with.
 *
 * @param dryRun the execution's final output when the request was a dry run, else null
 */
public record ValidationReport(
        VersionId targetVersion,
        ContentHash targetSha256,
        String engine,
        String diffSummary,
        List<String> checks,
        List<String> overridden,
        RollbackOutcome dryRun) {
}
