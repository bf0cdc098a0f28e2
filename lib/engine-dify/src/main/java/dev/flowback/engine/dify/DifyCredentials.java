package dev.flowback.engine.dify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowback.core.error.EngineRefusedException;
import dev.flowback.secrets.SecretValue;
import java.io.IOException;

/**
 * The console account Flowback logs in with, read from the Secrets Manager secret the environment names:
 * {@code {"email": "flowback@example.com", "password": "..."}}. A secret of another shape is refused naming the ARN
 * and the shape expected, never the text; {@link #toString()} shows the email only.
 */
record DifyCredentials(String email, SecretValue password) {

    static DifyCredentials parse(String arn, SecretValue secret, ObjectMapper json) {
        JsonNode root;
        try {
            root = json.readTree(secret.reveal());
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.path("email").isTextual() || !root.path("password").isTextual()
                || root.path("email").asText().isBlank()) {
            throw new EngineRefusedException("secret " + arn + " must be a JSON object with string fields \"email\""
                    + " and \"password\" (the Dify console account Flowback logs in with)");
        }
        return new DifyCredentials(root.path("email").asText(), new SecretValue(root.path("password").asText()));
    }

    @Override
    public String toString() {
        return "DifyCredentials[" + email + "]";
    }
}
