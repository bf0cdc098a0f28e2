package dev.flowback.core.definition.dify;

import java.util.ArrayDeque;
import java.util.Deque;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ScalarEvent;

/**
 * Follows the event stream to find a mapping with two merge keys ({@code <<: *a} then {@code <<: *b}). PyYAML merges
 * both and lets the later one win; snakeyaml merges both and lets the earlier one win. Neither is a duplicate key to
 * them, so it is caught here, where the keys are still visible: Dify exports never merge, a hand edit might.
 */
final class MergeKeys {
    /** One open collection; for a mapping, whether the next node is a key and whether a merge key was seen. */
    private static final class Level {
        final boolean mapping;
        boolean atKey = true;
        boolean merged;

        Level(boolean mapping) {
            this.mapping = mapping;
        }
    }

    private final Deque<Level> open = new ArrayDeque<>();

    /** Feeds one event; true when it is the second merge key of its mapping. */
    boolean repeatedBy(Event event) {
        switch (event.getEventId()) {
            case MappingStart, SequenceStart -> {
                nodeStarts();
                open.push(new Level(event.getEventId() == Event.ID.MappingStart));
            }
            case MappingEnd, SequenceEnd -> open.pop();
            case Alias -> nodeStarts();
            case Scalar -> {
                Level level = open.peek();
                boolean mergeKey = level != null && level.mapping && level.atKey && isMergeKey((ScalarEvent) event);
                boolean repeated = mergeKey && level.merged;
                if (mergeKey) {
                    level.merged = true;
                }
                nodeStarts();
                return repeated;
            }
            default -> {
            }
        }
        return false;
    }

    /** A node fills the open mapping's key or value slot; the next one fills the other. */
    private void nodeStarts() {
        Level level = open.peek();
        if (level != null && level.mapping) {
            level.atKey = !level.atKey;
        }
    }

    private static boolean isMergeKey(ScalarEvent scalar) {
        return scalar.isPlain() && scalar.getTag().isEmpty() && "<<".equals(scalar.getValue());
    }
}
