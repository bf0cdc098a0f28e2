package dev.flowback.cli.api;

import dev.flowback.cli.CliFailure;
import dev.flowback.cli.Exit;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClientBuilder;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/** Finds a deployed stack's API in its CloudFormation outputs (template.yaml's {@value #API_URL}). */
public final class StackOutputs {
    public static final String API_URL = "ApiUrl";

    private StackOutputs() {
    }

    /**
     * The stack's ApiUrl output.
     *
     * @param endpoint where DescribeStacks goes instead of CloudFormation (tests); empty in a real run, where the SDK
     *                 still honours AWS_ENDPOINT_URL_CLOUDFORMATION
     */
    public static URI apiUrl(String stackName, Region region, AwsCredentialsProvider credentials,
                             Optional<URI> endpoint) {
        CloudFormationClientBuilder builder = CloudFormationClient.builder()
                .region(region)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5)).build());
        endpoint.ifPresent(builder::endpointOverride);
        try (CloudFormationClient cloudFormation = builder.build()) {
            Stack stack = cloudFormation.describeStacks(r -> r.stackName(stackName)).stacks().get(0);
            return stack.outputs().stream().filter(o -> API_URL.equals(o.outputKey())).map(Output::outputValue)
                    .findFirst().map(URI::create)
                    .orElseThrow(() -> new CliFailure(Exit.NOT_FOUND, "stack " + stackName + " in " + region
                            + " has no output " + API_URL + " (status " + stack.stackStatusAsString() + ")",
                            "name a Flowback stack (deployed from this repository's template.yaml), or wait until"
                                    + " its deployment completes"));
        } catch (CloudFormationException e) {
            String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
            if (message != null && message.contains("does not exist")) {
                throw new CliFailure(Exit.NOT_FOUND, "stack " + stackName + " not found in " + region + " ("
                        + message + ")", "check --stack and the region (--region, AWS_REGION or your AWS"
                        + " profile's region); aws cloudformation list-stacks shows the stacks there", null, e);
            }
            throw new CliFailure(Exit.REFUSED, "CloudFormation refused DescribeStacks for " + stackName + ": "
                    + message, "check that your credentials may call cloudformation:DescribeStacks", null, e);
        } catch (SdkClientException e) {
            if (e.getMessage() != null && e.getMessage().contains("credentials")) {
                throw new CliFailure(Exit.UNREACHABLE, "no AWS credentials found to read stack " + stackName,
                        "configure credentials the AWS CLI would find (aws configure, AWS_PROFILE, aws sso login,"
                                + " or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), or use --local", null, e);
            }
            throw new CliFailure(Exit.UNREACHABLE, "cannot reach CloudFormation in " + region + " to read stack "
                    + stackName + " (" + e.getMessage() + ")", "check your network and the region", null, e);
        }
    }
}
