package dev.flowback.emulators.cloudwatch;

/**
 * An error CloudWatch answers with, as the SDK's RPC v2 CBOR client reads it: HTTP status, the Smithy shape name in
 * {@code __type} (which picks the SDK's exception class) and the awsQuery code in {@code x-amzn-query-error} (which
 * fills {@code awsErrorDetails().errorCode()}).
 */
final class CloudWatchFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final String shape;
    final int status;
    final String queryCode;

    private CloudWatchFault(String shape, int status, String queryCode, String message) {
        super(message);
        this.shape = shape;
        this.status = status;
        this.queryCode = queryCode;
    }

    static CloudWatchFault invalidValue(String message) {
        return new CloudWatchFault("InvalidParameterValueException", 400, "InvalidParameterValue", message);
    }

    static CloudWatchFault missing(String parameter) {
        return new CloudWatchFault("MissingRequiredParameterException", 400, "MissingParameter",
                "The parameter " + parameter + " is required.");
    }

    static CloudWatchFault combination(String message) {
        return new CloudWatchFault("InvalidParameterCombinationException", 400, "InvalidParameterCombination",
                message);
    }

    static CloudWatchFault notFound(String message) {
        return new CloudWatchFault("ResourceNotFoundException", 404, "ResourceNotFound", message);
    }

    static CloudWatchFault invalidFormat(String message) {
        return new CloudWatchFault("InvalidFormatFault", 400, "InvalidFormat", message);
    }

    static CloudWatchFault invalidNextToken(String message) {
        return new CloudWatchFault("InvalidNextToken", 400, "InvalidNextToken", message);
    }

    static CloudWatchFault unknownOperation(String operation) {
        return new CloudWatchFault("UnknownOperationException", 404, null, "the local CloudWatch stand-in does not"
                + " serve " + operation + " (it serves PutMetricData, GetMetricData, PutMetricAlarm,"
                + " PutCompositeAlarm, DescribeAlarms, SetAlarmState and DeleteAlarms)");
    }

    static CloudWatchFault internal(String message) {
        return new CloudWatchFault("InternalServiceFault", 500, "InternalServiceError", message);
    }

    /** The {@code x-amzn-query-error} header value, or null. */
    String queryError() {
        return queryCode == null ? null : queryCode + ";" + (status >= 500 ? "Receiver" : "Sender");
    }
}
