package dev.flowback.sandbox;

import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The AWS operations a deployed handler's code can reach, as IAM actions ({@code dynamodb:PutItem}): a call graph
 * over the bytecode of the code that ships in the functions, from every constructor and method of the handler,
 * through calls, constructor calls and method references (lambda bodies count as their enclosing method's), with a
 * call on an interface or an overridable method reaching every implementation the functions ship. A call on an
 * AWS SDK service client (or the S3 presigner, whose URLs act with the function's own role) is an operation.
 * An over-approximation, as it must be for a permission: what the code can call, whether or not a test took the path.
 */
final class SdkCalls {
    /** The packages of code that ships in the functions (not the sandbox, emulators, CLI or benchmarks). */
    private static final String[] SHIPPED = {"dev.flowback.core", "dev.flowback.aws", "dev.flowback.store",
        "dev.flowback.stores", "dev.flowback.health", "dev.flowback.function", "dev.flowback.stepfunctions",
        "dev.flowback.engine", "dev.flowback.engines", "dev.flowback.secrets"};
    private static final Map<String, String> IAM_PREFIX = Map.of("dynamodb", "dynamodb", "s3", "s3", "sfn", "states",
            "cloudwatch", "cloudwatch", "eventbridge", "events", "sns", "sns", "secretsmanager", "secretsmanager",
            "sqs", "sqs", "kms", "kms");
    /** Client methods that are not operations. */
    private static final Set<String> NOT_OPERATIONS = Set.of("close", "serviceName", "serviceClientConfiguration",
            "waiter", "utilities", "builder", "create");
    /** Operations whose IAM action has another name. */
    private static final Map<String, String> ACTION = Map.of("s3:HeadObject", "s3:GetObject",
            "s3:PresignPutObject", "s3:PutObject", "s3:PresignGetObject", "s3:GetObject");

    private static final JavaClasses CODE = new ClassFileImporter()
            .withImportOption(location -> !location.contains("/test-classes/") && !location.contains("-tests.jar"))
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(SHIPPED);

    private SdkCalls() {
    }

    /** The IAM actions the code reachable from {@code handler} calls. */
    static Set<String> of(Class<?> handler) {
        JavaClass root = CODE.get(handler);
        Set<String> actions = new TreeSet<>();
        Set<JavaCodeUnit> seen = new HashSet<>();
        Deque<JavaCodeUnit> work = new ArrayDeque<>(root.getCodeUnits());
        while (!work.isEmpty()) {
            JavaCodeUnit unit = work.pop();
            if (!seen.add(unit)) {
                continue;
            }
            List<JavaAccess<?>> accesses = new ArrayList<>();
            accesses.addAll(unit.getMethodCallsFromSelf());
            accesses.addAll(unit.getConstructorCallsFromSelf());
            accesses.addAll(unit.getMethodReferencesFromSelf());
            accesses.addAll(unit.getConstructorReferencesFromSelf());
            for (JavaAccess<?> access : accesses) {
                AccessTarget target = access.getTarget();
                JavaClass owner = target.getOwner();
                String operation = operation(owner, target.getName());
                if (operation != null) {
                    actions.add(ACTION.getOrDefault(operation, operation));
                } else if (shipped(owner) && target instanceof AccessTarget.CodeUnitAccessTarget codeUnit) {
                    codeUnit.resolveMember().ifPresent(work::push);
                    implementations(owner, codeUnit).forEach(work::push);
                }
            }
        }
        return actions;
    }

    private static String operation(JavaClass owner, String method) {
        String pkg = owner.getPackageName();
        if (!pkg.startsWith("software.amazon.awssdk.services.") || NOT_OPERATIONS.contains(method)) {
            return null;
        }
        boolean client = owner.isInterface() && owner.getSimpleName().endsWith("Client");
        boolean presigner = owner.getSimpleName().equals("S3Presigner");
        if (!client && !presigner) {
            return null;
        }
        String service = pkg.substring("software.amazon.awssdk.services.".length()).split("\\.")[0];
        String prefix = IAM_PREFIX.get(service);
        if (prefix == null) {
            throw new AssertionError("no IAM prefix known for SDK service " + service + " (" + owner.getName() + ")");
        }
        return prefix + ":" + method.substring(0, 1).toUpperCase(Locale.ROOT) + method.substring(1);
    }

    private static boolean shipped(JavaClass owner) {
        for (String pkg : SHIPPED) {
            if (owner.getPackageName().equals(pkg) || owner.getPackageName().startsWith(pkg + ".")) {
                return true;
            }
        }
        return false;
    }

    /** The overriding code units in the shipped subclasses and implementations of {@code owner}. */
    private static List<JavaCodeUnit> implementations(JavaClass owner, AccessTarget.CodeUnitAccessTarget target) {
        List<JavaCodeUnit> found = new ArrayList<>();
        if (target.getName().equals("<init>")) {
            return found;
        }
        List<String> parameters = target.getRawParameterTypes().stream().map(JavaClass::getName).toList();
        for (JavaClass sub : owner.getAllSubclasses()) {
            if (!shipped(sub) || sub.getModifiers().contains(JavaModifier.ABSTRACT) && sub.isInterface()) {
                continue;
            }
            sub.getCodeUnits().stream()
                    .filter(u -> u.getName().equals(target.getName()))
                    .filter(u -> u.getRawParameterTypes().stream().map(JavaClass::getName).toList()
                            .equals(parameters))
                    .forEach(found::add);
        }
        return found;
    }
}
