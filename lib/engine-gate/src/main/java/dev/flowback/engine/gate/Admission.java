package dev.flowback.engine.gate;

/**
 * The gate's answer to an engine asking to start an instance: {@link Admitted}, pinned to the version live at that
 * moment, or {@link Refused} with the reason. There is no third way to obtain a definition: an instance runs what its
 * admission pinned, so a switch never changes a running instance.
 */
public sealed interface Admission permits Admitted, Refused {

    String instanceId();

    /** True for {@link Admitted}. */
    boolean admitted();
}
