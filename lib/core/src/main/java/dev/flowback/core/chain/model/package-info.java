/**
 * The environment and rollback model: an environment's configuration ({@code Environment},
 * {@code RolloutPolicy}, {@code EngineBinding}: which adapter reaches its engine, with settings that name secrets
 * only by ARN), what is stored about it (pointer, gate, lock: {@code EnvironmentState}), what one
 * execution did ({@code RollbackRecord}, {@code AuditEntry}) and the request that starts one
 * ({@code RollbackRequest}, read from plain Java values, so no JSON library type reaches the model).
 */
package dev.flowback.core.chain.model;
