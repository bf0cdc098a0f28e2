package dev.flowback.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowback.emulators.cloudwatch.AlarmTransition;
import dev.flowback.emulators.cloudwatch.LocalCloudWatch;
import dev.flowback.function.runtime.PayloadJson;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The alarm path of the local stack, from CloudWatch to the trigger, through EventBridge (moto):
 * <ol>
 *   <li>each state change of the local CloudWatch's alarms is put on the default bus as CloudWatch puts it, source
 *       {@code aws.cloudwatch}, detail-type "CloudWatch Alarm State Change", the alarm's ARN as the resource;</li>
 *   <li>the rule {@value #RULE} matches those events, with the pattern AWS documents for these events;</li>
 *   <li>its target is the queue {@value #QUEUE}, drained here to the trigger on the local Lambda endpoint (Invoke,
 *       the event as EventBridge delivered it, as the payload).</li>
 * </ol>
 * Step 3 is the stand-in: in AWS the rule's target is the trigger function itself, and EventBridge invokes it; moto
 * invokes Lambda targets only through Docker, which this machine does not have. The queue keeps EventBridge's
 * at-least-once delivery: a message whose invocation failed is not deleted, so it is delivered again after its
 * visibility timeout, as EventBridge retries a failed target.
 */
public final class AlarmEventRelay implements AutoCloseable {
    public static final String RULE = "flowback-alarm-state-changes";
    public static final String QUEUE = "flowback-alarm-events";
    /** The pattern AWS documents for alarm state-change events. */
    static final String PATTERN = "{\"source\": [\"aws.cloudwatch\"], \"detail-type\": [\"CloudWatch Alarm State"
            + " Change\"]}";
    private static final int VISIBILITY_SECONDS = 10;
    private static final Duration INVOKE_TIMEOUT = Duration.ofSeconds(30);

    /** One delivery to the trigger: the event delivered and the trigger's answer ({@code {"decisions": [...]}}). */
    public record Delivery(Instant at, JsonNode event, JsonNode answer) {
        public String alarmName() {
            return event.path("detail").path("alarmName").asText();
        }

        public String state() {
            return event.path("detail").path("state").path("value").asText();
        }

        /** The first decision's name ({@code started}, {@code deduplicated}, {@code ignored}...). */
        public String decision() {
            return answer.path("decisions").path(0).path("decision").asText();
        }
    }

    private final EventBridgeClient events;
    private final SqsClient sqs;
    private final String queueUrl;
    private final URI invokeUri;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<AlarmTransition> transitions = new CopyOnWriteArrayList<>();
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final List<Consumer<Delivery>> listeners = new CopyOnWriteArrayList<>();
    private final Thread drainer;
    private volatile boolean running = true;

    private AlarmEventRelay(EventBridgeClient events, SqsClient sqs, String queueUrl, URI invokeUri) {
        this.events = events;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.invokeUri = invokeUri;
        this.drainer = new Thread(this::drain, "local-alarm-relay");
        this.drainer.setDaemon(true);
    }

    /** Creates the queue, the rule and its target, subscribes to the CloudWatch stand-in and starts draining. */
    static AlarmEventRelay start(LocalCloudWatch cloudWatch, EventBridgeClient events, SqsClient sqs,
                                 URI lambdaEndpoint, String function) {
        String queueUrl = sqs.createQueue(b -> b.queueName(QUEUE)).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        events.putRule(b -> b.name(RULE).eventPattern(PATTERN));
        events.putTargets(b -> b.rule(RULE).targets(t -> t.id("trigger-via-queue").arn(queueArn)));
        URI invoke = lambdaEndpoint.resolve("/2015-03-31/functions/"
                + URLEncoder.encode(function, StandardCharsets.UTF_8) + "/invocations");
        AlarmEventRelay relay = new AlarmEventRelay(events, sqs, queueUrl, invoke);
        cloudWatch.onTransition(relay::publish);
        relay.drainer.start();
        return relay;
    }

    /** Puts the state change on the default bus, as CloudWatch does for every alarm state change. */
    public void publish(AlarmTransition transition) {
        transitions.add(transition);
        JsonNode event = read(transition.eventBridgeEvent());
        PutEventsResponse answer = events.putEvents(b -> b.entries(e -> e.source(event.path("source").asText())
                .detailType(event.path("detail-type").asText())
                .resources(transition.alarmArn())
                .time(Instant.parse(event.path("time").asText()))
                .detail(event.path("detail").toString())));
        if (answer.failedEntryCount() != null && answer.failedEntryCount() > 0) {
            throw new IllegalStateException("EventBridge (moto) refused the state change of " + transition.alarmName()
                    + ": " + answer.entries().get(0).errorCode() + " " + answer.entries().get(0).errorMessage());
        }
    }

    /** Every state change the stand-in made, in order. */
    public List<AlarmTransition> transitions() {
        return List.copyOf(transitions);
    }

    /** Every delivery the trigger answered, in order. */
    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** Called after each delivery the trigger answered. */
    public void onDelivery(Consumer<Delivery> listener) {
        listeners.add(listener);
    }

    URI queueUrl() {
        return URI.create(queueUrl);
    }

    private void drain() {
        while (running) {
            try {
                List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                        .waitTimeSeconds(1).visibilityTimeout(VISIBILITY_SECONDS)).messages();
                for (Message message : messages) {
                    deliver(message);
                }
            } catch (RuntimeException e) {
                if (running) {
                    // moto restarting or a refused call: the next receive tries again; nothing is lost in the queue.
                    sleepBriefly();
                }
            }
        }
    }

    private void deliver(Message message) {
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(invokeUri).timeout(INVOKE_TIMEOUT)
                    .POST(HttpRequest.BodyPublishers.ofString(message.body())).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            // The Lambda endpoint did not answer: the message stays and is delivered again after its timeout.
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (response.statusCode() != 200 || response.headers().firstValue("X-Amz-Function-Error").isPresent()) {
            // Not deleted: delivered again after the visibility timeout, as EventBridge retries a failed target.
            return;
        }
        Delivery delivery = new Delivery(Instant.now(), read(message.body()), read(response.body()));
        deliveries.add(delivery);
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
        listeners.forEach(l -> l.accept(delivery));
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static JsonNode read(String json) {
        try {
            return PayloadJson.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + json, e);
        }
    }

    @Override
    public void close() {
        running = false;
        drainer.interrupt();
        try {
            drainer.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
