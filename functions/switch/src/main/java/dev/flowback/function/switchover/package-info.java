/**
 * The switch function (step 4 of the chain): the one conditional write that moves the environment's pointer,
 * fenced by the lock's token. Named {@code switchover} because {@code switch} is a Java keyword; the module folder
 * is {@code functions/switch}, in the chain's own words.
 */
package dev.flowback.function.switchover;
