package dev.flowback.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the Lambda Java runtime does for a stream handler, in a fresh JVM whose class path is a deployed artifact
 * and this one class: load the handler by name, build it with its no-argument constructor, hand it one event.
 * It uses nothing but the JDK and aws-lambda-java-core (which the artifact ships), so it proves the artifact
 * carries everything its handler needs. Prints the handler's answer on one line after "RESULT ".
 *
 * <p>Arguments: handler class, event file.
 */
public final class ArtifactInvoke {
    private ArtifactInvoke() {
    }

    public static void main(String[] args) throws Exception {
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[0]).getConstructor().newInstance();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Files.readAllBytes(Path.of(args[1]))), out, null);
        System.out.println("RESULT " + out.toString(StandardCharsets.UTF_8).replace('\n', ' '));
    }
}
