/**
 * How the CLI prints for people: aligned tables, a coloured diff, statuses in the colour of what they mean. Colour
 * only on a terminal and never with NO_COLOR; {@code --output json} bypasses all of it and prints the API's JSON.
 */
package dev.flowback.cli.output;
