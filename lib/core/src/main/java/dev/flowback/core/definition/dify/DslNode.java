package dev.flowback.core.definition.dify;

import dev.flowback.core.definition.ModelNode;

/**
 * One entry of {@code workflow.graph.nodes} as read: a step or a sticky note, with where it sits in the document
 * and the container facts the graph check needs.
 *
 * @param index       its position in the document, for messages
 * @param parentId    the iteration or loop it is inside, or null
 * @param startNodeId for a container, the step it starts with, or null
 */
record DslNode(int index, ModelNode node, boolean note, String parentId, String startNodeId) {
    /** A start node or a trigger: where a run begins. */
    boolean isEntryPoint() {
        return !note && (DifyGraph.START.equals(node.type()) || DifyGraph.TRIGGERS.contains(node.type()));
    }
}
