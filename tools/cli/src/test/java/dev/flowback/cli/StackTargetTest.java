package dev.flowback.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flowback.emulators.MotoServer;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * {@code --stack NAME}: the API URL is the stack's ApiUrl output, read with CloudFormation DescribeStacks from moto's
 * server (stacks created on it with an output, as template.yaml declares one). Then the commands talk to that URL,
 * here the real API on the local stack.
 */
class StackTargetTest extends OnLocalApi {
    private static MotoServer moto;
    private static CloudFormationClient cloudFormation;

    @BeforeAll
    static void start() throws IOException, InterruptedException {
        moto = MotoServer.start();
        cloudFormation = CloudFormationClient.builder().region(Region.US_EAST_1).endpointOverride(moto.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("moto", "moto")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stop() {
        cloudFormation.close();
        moto.close();
    }

    private static void createStack(String name, String outputs) {
        cloudFormation.createStack(r -> r.stackName(name).templateBody("{\"Resources\": {\"Topic\": {\"Type\":"
                + " \"AWS::SNS::Topic\"}}" + outputs + "}"));
    }

    private Cli cli() {
        return new Cli(home, home).cloudFormation(moto.endpoint());
    }

    @Test
    void theStacksApiUrlOutputNamesTheApi() {
        createStack("flowback-test", ", \"Outputs\": {\"ApiUrl\": {\"Value\": \"" + stack.url() + "\"}}");
        String wf = LocalApi.workflow("stack");
        Cli.Result published = ApiCommandsTest.expect(0, cli().run("versions", "publish", wf,
                ApiCommandsTest.EXAMPLES.resolve("v1.0.0.json").toString(), "--stack", "flowback-test"));
        assertTrue(published.out().startsWith("published " + wf + "/v1"), published.toString());
        Cli.Result started = ApiCommandsTest.expect(5, cli().run("rollback", wf, "--env", "prod", "--stack",
                "flowback-test", "--region", "us-east-1"));
        assertTrue(started.err().contains("next: check the environment; flowback env create " + wf + " --env prod"
                + " --engine NAME --engine-version V --stack flowback-test --region us-east-1 creates it"),
                "follow-ups name the stack again: " + started);
    }

    @Test
    void anUnknownStackIsNotFound() {
        Cli.Result result = ApiCommandsTest.expect(5, cli().run("versions", "list", "wf", "--stack", "no-such"));
        assertTrue(result.err().contains("error: stack no-such not found in us-east-1 (Stack with id no-such does"
                + " not exist)"), result.toString());
        assertTrue(result.err().contains("next: check --stack and the region"), result.toString());
    }

    @Test
    void aStackWithoutApiUrlIsNotAFlowbackStack() {
        createStack("not-flowback", "");
        Cli.Result result = ApiCommandsTest.expect(5, cli().run("versions", "list", "wf", "--stack", "not-flowback"));
        assertTrue(result.err().contains("error: stack not-flowback in us-east-1 has no output ApiUrl"),
                result.toString());
        assertTrue(result.err().contains("next: name a Flowback stack"), result.toString());
    }
}
