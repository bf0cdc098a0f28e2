package dev.flowback.stepfunctions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** FLOWBACK_STATE_MACHINE_ARN is read once and refused at start, naming the variable, when unusable. */
class StateMachineConfigTest {
    private static final String ARN = "arn:aws:states:eu-west-1:123456789012:stateMachine:flowback-rollback";

    @Test
    void readsTheArnAndDerivesTheArnOfAnExecutionByName() {
        StateMachineConfig config = StateMachineConfig.from(Map.of(StateMachineConfig.STATE_MACHINE_ARN,
                " " + ARN + "\n"));

        assertEquals(ARN, config.stateMachineArn());
        assertEquals("flowback-rollback", config.name());
        assertEquals("arn:aws:states:eu-west-1:123456789012:execution:flowback-rollback:alarm-42",
                config.executionArn("alarm-42"));
        assertEquals("arn:aws-cn:states:cn-north-1:123456789012:execution:rb:x",
                new StateMachineConfig("arn:aws-cn:states:cn-north-1:123456789012:stateMachine:rb").executionArn("x"));
    }

    @Test
    void aMissingVariableIsNamed() {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> StateMachineConfig.from(Map.of()));
        assertEquals("environment variable FLOWBACK_STATE_MACHINE_ARN is not set", missing.getMessage());
        assertThrows(IllegalStateException.class,
                () -> StateMachineConfig.from(Map.of(StateMachineConfig.STATE_MACHINE_ARN, "  ")));
    }

    @Test
    void somethingElseThanAnUnqualifiedStateMachineArnIsRefusedNamingTheVariableAndTheValue() {
        for (String bad : new String[] {ARN + ":1", ARN + ":live", "flowback-rollback",
            "arn:aws:states:eu-west-1:123456789012:execution:flowback-rollback:x",
            "arn:aws:lambda:eu-west-1:123456789012:function:flowback-rollback"}) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> StateMachineConfig.from(Map.of(StateMachineConfig.STATE_MACHINE_ARN, bad)), bad);
            assertTrue(refused.getMessage().startsWith("environment variable FLOWBACK_STATE_MACHINE_ARN is not a"
                    + " state machine ARN"), refused.getMessage());
            assertTrue(refused.getMessage().contains("'" + bad + "'"), refused.getMessage());
        }
    }
}
