/**
 * Engine credentials, read from AWS Secrets Manager by the ARN an environment's engine settings name
 * ({@code SecretsManagerStore}, behind the {@code SecretStore} interface the engine adapters take). A value is held as
 * a {@code SecretValue}, whose {@code toString()} is redacted, so it does not reach a log line by accident.
 */
package dev.flowback.secrets;
