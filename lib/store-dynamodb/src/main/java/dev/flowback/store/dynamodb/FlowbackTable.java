package dev.flowback.store.dynamodb;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Flowback's single DynamoDB table: keys, index names and the layout of its items. template.yaml declares the
 * same table; {@link #create} builds it for local runs and tests.
 *
 * <pre>
 * pk              sk                 what
 * WF#{workflow}   COUNTER            the workflow's sequence counter
 * WF#{workflow}   VER#{versionId}    a version's metadata (+ seqKey, fpKey, and goodKey while GOOD)
 *
 * WF#{workflow}#ENV#{env}   ENV                     an environment: settings, active pointer (activeVersion,
 *                                                   activeSha256, previousVersion, revision, lastSwitch), admission
 *                                                   gate (gate, gateClosedBy, gateClosedAt) and rollback lock
 *                                                   (lockHolder, lockToken, lockExpiresAt)
 * WF#{workflow}#ENV#{env}   INST#{instanceId}       a running instance's lease (expiresAt; ttl for DynamoDB TTL)
 * WF#{workflow}#ENV#{env}   RB#{executionId}        one rollback execution's record
 * WF#{workflow}#ENV#{env}   AUDIT#{start}#{exec}#{nn-step}  an audit entry, one per execution and step
 * WF#{workflow}#ENV#{env}   HOLD#{versionId}        a version held after an automatic rollback moved away from it
 * WF#{workflow}#ENV#{env}   AUTOMATION              the alarm trigger's state: damping policy, recent automatic
 *                                                   starts, freeze, revision
 * WF#{workflow}#ENV#{env}   ALARMMAP#{alarmName}    a listed copy of an alarm mapping to this environment
 * WF#{workflow}#ENV#{env}   TRIGGER#{time}#{delivery}  one trigger decision about one alarm delivery
 * ALARM#{alarmName}         MAPPING                 the alarm's mapping to an environment (read per delivery)
 * TRIGGER#UNROUTED          TRIGGER#{time}#{delivery}  a decision about a delivery that reached no environment
 * </pre>
 * Environment items live in their own partition so environment traffic never grows a workflow's version partition
 * (whose LSIs cap its item collection); they carry none of the LSI attributes, so they appear in no index.
 *
 * Local secondary indexes (strongly consistent, within one workflow's partition):
 * {@code bySequence} (seqKey = VSEQ#{19-digit sequence}) orders history; {@code byFingerprint}
 * (fpKey = FP#{fingerprint}#{sequence}) finds identical content; {@code goodBySequence}
 * (goodKey = GOOD#{sequence}, present only on GOOD versions, so the index is sparse) answers last-known-good
 * with a single one-item Query.
 */
public final class FlowbackTable {
    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String SEQ_KEY = "seqKey";
    public static final String FP_KEY = "fpKey";
    public static final String GOOD_KEY = "goodKey";

    public static final String BY_SEQUENCE = "bySequence";
    public static final String BY_FINGERPRINT = "byFingerprint";
    public static final String GOOD_BY_SEQUENCE = "goodBySequence";

    private FlowbackTable() {
    }

    static String workflowKey(String workflow) {
        return "WF#" + workflow;
    }

    static String sequence(long n) {
        return String.format("%019d", n);
    }

    /** Creates the table (on-demand billing), as template.yaml does in AWS. */
    public static void create(DynamoDbClient dynamo, String tableName) {
        dynamo.createTable(CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        attribute(PK), attribute(SK), attribute(SEQ_KEY), attribute(FP_KEY), attribute(GOOD_KEY))
                .keySchema(key(PK, KeyType.HASH), key(SK, KeyType.RANGE))
                .localSecondaryIndexes(index(BY_SEQUENCE, SEQ_KEY), index(BY_FINGERPRINT, FP_KEY),
                        index(GOOD_BY_SEQUENCE, GOOD_KEY))
                .build());
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(tableName));
    }

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static LocalSecondaryIndex index(String name, String sortKey) {
        return LocalSecondaryIndex.builder()
                .indexName(name)
                .keySchema(key(PK, KeyType.HASH), key(sortKey, KeyType.RANGE))
                .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                .build();
    }
}
