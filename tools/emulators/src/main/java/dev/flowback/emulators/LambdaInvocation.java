package dev.flowback.emulators;

/**
 * One call that {@link LocalLambdaServer} served.
 *
 * @param functionName the function's name (taken out of an ARN when the caller used one)
 * @param payload      the request body as text
 * @param response     what the server answered: the result, or the Lambda-style error document
 * @param errorType    the thrown exception's class name, or null when the function returned normally
 */
public record LambdaInvocation(String functionName, String payload, String response, String errorType) {

    public boolean failed() {
        return errorType != null;
    }
}
