package dev.flowback.emulators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StopExecutionResponse;

/**
 * The local Step Functions API is a stand-in built from the service's documentation; moto's server is an independent
 * implementation of the same API. The same sequence of calls (name reuse while running, with another input, after the
 * execution closed; unknown executions and state machines, invalid names and inputs; listing) goes to both through
 * the real SfnClient, and both must answer alike, and as AWS documents. moto does not run executions (they stay
 * RUNNING until stopped), so the local state machine waits an hour until stopped, too.
 */
class StepFunctionsNameReuseTest {
    private static final Path WAITS = TestFiles.resource("/asl/waits.asl.json");
    private static final String MACHINE = "name-reuse";

    private static MotoServer moto;
    private static LocalStepFunctions runtime;
    private static LocalStepFunctionsApi local;

    @BeforeAll
    static void start() {
        moto = MotoServer.start();
        runtime = LocalStepFunctions.create();
        local = LocalStepFunctionsApi.start(runtime);
    }

    @AfterAll
    static void stop() {
        local.close();
        runtime.close();
        moto.close();
    }

    @Test
    void theLocalApiAndMotoAnswerTheSameSequenceAlikeAndAsAwsDocumentsIt() throws Exception {
        String localMachine = local.register(MACHINE, WAITS, LocalStepFunctions.Options.defaults());
        List<String> localAnswers;
        try (SfnClient sfn = TestClients.sfn(local.endpoint())) {
            localAnswers = sequence(sfn, localMachine);
        }
        List<String> motoAnswers;
        String definition = Files.readString(WAITS);
        try (SfnClient sfn = TestClients.sfn(moto.endpoint())) {
            String motoMachine = sfn.createStateMachine(b -> b.name(MACHINE).definition(definition)
                    .roleArn("arn:aws:iam::" + MotoServer.ACCOUNT + ":role/flowback-test")).stateMachineArn();
            assertEquals(localMachine, motoMachine, "both name the state machine alike");
            motoAnswers = sequence(sfn, motoMachine);
        }

        assertEquals(List.of(
                "start a: new execution arn:aws:states:us-east-1:123456789012:execution:name-reuse:a",
                "start a again, same input: the same execution, same start date",
                "start a, other input: ExecutionAlreadyExists",
                "describe a: RUNNING, input {\"n\": 1}",
                "start b: new execution arn:aws:states:us-east-1:123456789012:execution:name-reuse:b",
                "list running: [b, a]",
                "stop a: stopped",
                "describe a: ABORTED, input {\"n\": 1}",
                "start a again after it closed: ExecutionAlreadyExists",
                "list running: [b]",
                "describe never-started: ExecutionDoesNotExist",
                "describe 'not-an-arn': InvalidArn",
                "start on an unknown state machine: StateMachineDoesNotExist",
                "start named 'a b': InvalidName",
                "start with input '{not json': InvalidExecutionInput"), localAnswers);
        assertEquals(localAnswers, motoAnswers);
    }

    /** The calls, each answer written down as a sentence, so two implementations can be compared line by line. */
    private static List<String> sequence(SfnClient sfn, String machine) {
        List<String> answers = new ArrayList<>();
        String unknownMachine = machine.replace(":" + MACHINE, ":no-such-machine");
        StartExecutionResponse a = sfn.startExecution(s -> s.stateMachineArn(machine).name("a").input("{\"n\": 1}"));
        answers.add("start a: new execution " + a.executionArn());
        StartExecutionResponse again = sfn.startExecution(s -> s.stateMachineArn(machine).name("a")
                .input("{\"n\": 1}"));
        answers.add("start a again, same input: " + (again.executionArn().equals(a.executionArn())
                && again.startDate().equals(a.startDate()) ? "the same execution, same start date" : "another"));
        answers.add("start a, other input: " + error(() -> sfn.startExecution(s -> s.stateMachineArn(machine)
                .name("a").input("{\"n\": 2}"))));
        answers.add("describe a: " + describe(sfn, a.executionArn()));
        StartExecutionResponse b = sfn.startExecution(s -> s.stateMachineArn(machine).name("b").input("{}"));
        answers.add("start b: new execution " + b.executionArn());
        answers.add("list running: " + running(sfn, machine));
        StopExecutionResponse stopped = sfn.stopExecution(s -> s.executionArn(a.executionArn()));
        answers.add("stop a: " + (stopped.stopDate() != null ? "stopped" : "no stop date"));
        answers.add("describe a: " + describe(sfn, a.executionArn()));
        answers.add("start a again after it closed: " + error(() -> sfn.startExecution(s -> s.stateMachineArn(machine)
                .name("a").input("{\"n\": 1}"))));
        answers.add("list running: " + running(sfn, machine));
        answers.add("describe never-started: " + error(() -> sfn.describeExecution(s -> s.executionArn(
                machine.replace(":stateMachine:", ":execution:") + ":never-started"))));
        answers.add("describe 'not-an-arn': " + error(() -> sfn.describeExecution(s -> s.executionArn(
                "not-an-arn"))));
        answers.add("start on an unknown state machine: " + error(() -> sfn.startExecution(s -> s
                .stateMachineArn(unknownMachine).name("c"))));
        answers.add("start named 'a b': " + error(() -> sfn.startExecution(s -> s.stateMachineArn(machine)
                .name("a b"))));
        answers.add("start with input '{not json': " + error(() -> sfn.startExecution(s -> s.stateMachineArn(machine)
                .name("d").input("{not json"))));
        sfn.stopExecution(s -> s.executionArn(b.executionArn()));
        return answers;
    }

    private static String describe(SfnClient sfn, String arn) {
        var execution = sfn.describeExecution(s -> s.executionArn(arn));
        return execution.status() + ", input " + execution.input();
    }

    private static List<String> running(SfnClient sfn, String machine) {
        return sfn.listExecutions(s -> s.stateMachineArn(machine).statusFilter(ExecutionStatus.RUNNING)).executions()
                .stream().map(ExecutionListItem::name).toList();
    }

    private static String error(Supplier<?> call) {
        SfnException error = assertThrows(SfnException.class, call::get);
        assertTrue(error.statusCode() == 400, () -> "status " + error.statusCode());
        return error.awsErrorDetails().errorCode();
    }
}
