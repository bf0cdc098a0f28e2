package dev.flowback.stepfunctions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.aws.AwsSettings;
import dev.flowback.core.chain.model.RollbackRequest;
import dev.flowback.core.chain.port.RollbackExecutions;
import dev.flowback.core.chain.port.RollbackExecutions.StartedRollback;
import dev.flowback.core.error.VersionConflictException;
import dev.flowback.core.testing.RollbackExecutionsContract;
import dev.flowback.emulators.MotoServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The adapter against moto's Step Functions API, an implementation independent of the local stand-in: the port's
 * contract and the input's documented JSON. moto records executions without running them.
 */
class SfnRollbackExecutionsOnMotoTest extends RollbackExecutionsContract {
    private static MotoServer moto;
    private static SfnClient sfn;
    private static StateMachineConfig stateMachine;

    @BeforeAll
    static void start() {
        moto = MotoServer.start();
        sfn = SfnRollbackExecutions.client(AwsSettings.local("local", "local-secret", Map.of("sfn", moto.endpoint())));
        stateMachine = new StateMachineConfig(sfn.createStateMachine(b -> b.name("flowback-rollback")
                .definition("{\"StartAt\": \"Wait\", \"States\": {\"Wait\": {\"Type\": \"Wait\", \"Seconds\": 60,"
                        + " \"End\": true}}}")
                .roleArn("arn:aws:iam::" + MotoServer.ACCOUNT + ":role/flowback-rollback")).stateMachineArn());
    }

    @AfterAll
    static void stop() {
        sfn.close();
        moto.close();
    }

    @Override
    protected RollbackExecutions executions() {
        return new SfnRollbackExecutions(sfn, stateMachine);
    }

    @Test
    void theExecutionCarriesTheDocumentedInputAndIsFoundByItsDerivedArn() {
        RollbackRequest request = request("last-known-good", "error rate up");
        String name = freshName("moto-input");

        StartedRollback started = executions().start(name, request);

        assertEquals(stateMachine.executionArn(name), started.executionArn());
        assertEquals(SfnRollbackExecutions.inputJson(request),
                sfn.describeExecution(b -> b.executionArn(started.executionArn())).input());
    }

    @Test
    void anExecutionStartedByHandWithOtherInputIsAConflict() {
        String name = freshName("moto-by-hand");
        sfn.startExecution(b -> b.stateMachineArn(stateMachine.stateMachineArn()).name(name).input("{}"));

        VersionConflictException refused = assertThrows(VersionConflictException.class,
                () -> executions().start(name, request("previous", "x")));

        assertTrue(refused.getMessage().contains(stateMachine.executionArn(name)), refused.getMessage());
    }
}
