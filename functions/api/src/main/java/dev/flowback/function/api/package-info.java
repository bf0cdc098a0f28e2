/**
 * The API function: the IAM-authenticated REST API that openapi.yaml defines, as one Lambda handler over the core's
 * use cases. {@link dev.flowback.function.api.ApiHandler} takes API Gateway's proxy event, {@link
 * dev.flowback.function.api.ApiRoute} is the route table (the same operations as openapi.yaml, checked by a test),
 * the route classes read the request into the core's types and call one use case each, and {@link
 * dev.flowback.function.api.ApiErrors} turns every refusal into JSON with a stable code, a message and the field at
 * fault: bad input is always a 4xx, and nothing is written before the input is known good. Mapped by hand on a
 * Jackson tree: no reflection-heavy framework on the request path.
 */
package dev.flowback.function.api;
