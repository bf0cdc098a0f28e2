package dev.flowback.emulators;

/**
 * A function {@link LocalLambdaServer} can serve: raw JSON payload in, raw JSON result out. Throwing
 * is how a function fails, as with a Java Lambda handler; the exception's class name becomes the
 * error type that Step Functions matches in Retry and Catch.
 */
@FunctionalInterface
public interface LambdaFunction {

    byte[] invoke(byte[] payload) throws Exception;
}
