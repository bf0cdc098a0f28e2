package dev.flowback.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.flowback.sandbox.ApiFixture.Answer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Idempotency-Key of a rollback start, over HTTP on the local stack: a retry answers the first answer, two
 * requests at once with one key start one execution of the real state machine, a key reused for another request is
 * refused.
 */
class ApiIdempotencyTest extends OnApiStack {
    private static Answer start(String wf, String body, String key) {
        return stack.call("POST", "/workflows/" + wf + "/environments/prod/rollbacks", "application/json",
                body.getBytes(StandardCharsets.UTF_8), Map.of("Idempotency-Key", key));
    }

    @Test
    void aRetryWithTheKeyAnswersTheFirstAnswerEvenAfterTheRollbackFinished() throws Exception {
        String wf = stack.preparedWorkflow("retry");
        String body = "{\"target_version\": \"v1.0.0\", \"reason\": \"deploy\"}";
        Answer first = start(wf, body, "deploy-" + wf);
        assertEquals(202, first.status(), first.toString());
        assertNull(first.header("Idempotent-Replayed"));
        String id = first.json().get("rollback_id").asText();
        stack.awaitFinished(wf, id);

        Answer retry = start(wf, body, "deploy-" + wf);
        assertEquals(202, retry.status(), retry.toString());
        assertEquals(first.body(), retry.body(), "the first answer, byte for byte");
        assertEquals("true", retry.header("Idempotent-Replayed"));
        assertEquals(1, stack.executionsNamed(id));

        Answer reused = start(wf, "{\"target_version\": \"v1.1.0\", \"reason\": \"deploy\"}", "deploy-" + wf);
        assertEquals(422, reused.status(), reused.toString());
        assertEquals("idempotency.key_reused", reused.code());
        assertEquals("Idempotency-Key", reused.field());

        Answer badKey = start(wf, body, "no spaces allowed");
        assertEquals(400, badKey.status(), badKey.toString());
        assertEquals("Idempotency-Key", badKey.field());
    }

    @Test
    void concurrentRequestsWithOneKeyStartOneExecution() throws Exception {
        String wf = stack.preparedWorkflow("concurrent");
        String body = "{\"target_version\": \"v1.0.0\", \"reason\": \"at once\"}";
        int callers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Answer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < callers; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return start(wf, body, "one-key-" + wf);
                }));
            }
            go.countDown();
            Set<String> ids = new HashSet<>();
            for (Future<Answer> answer : answers) {
                Answer a = answer.get(60, TimeUnit.SECONDS);
                assertEquals(202, a.status(), a.toString());
                ids.add(a.json().get("rollback_id").asText());
            }
            assertEquals(1, ids.size(), "one rollback id for one key: " + ids);
            String id = ids.iterator().next();
            assertEquals(1, stack.executionsNamed(id), "one execution started");
            assertEquals("SUCCEEDED", stack.awaitFinished(wf, id).get("status").asText());
        } finally {
            pool.shutdownNow();
        }
    }
}
