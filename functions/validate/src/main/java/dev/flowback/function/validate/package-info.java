/**
 * The validate function (step 2 of the chain): is the target safe to switch to (integrity re-hash, validity,
 * engine major, compatibility, not BAD unless forced); a dry run ends here with the plan. Read-only.
 */
package dev.flowback.function.validate;
