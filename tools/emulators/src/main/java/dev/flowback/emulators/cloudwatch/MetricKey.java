package dev.flowback.emulators.cloudwatch;

import java.util.SortedMap;

/** A metric as CloudWatch identifies one: namespace, name and the whole set of dimensions (no partial matching). */
record MetricKey(String namespace, String name, SortedMap<String, String> dimensions) {
}
