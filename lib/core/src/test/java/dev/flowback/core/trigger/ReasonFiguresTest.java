package dev.flowback.core.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.flowback.core.trigger.model.ReasonFigures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The figures behind a state change are read from CloudWatch's reason sentence, which every path carries. */
class ReasonFiguresTest {
    @Test
    void aThresholdTransitionCitesItsDatapointsAndThreshold() {
        String reason = "Threshold Crossed: 2 out of the last 3 datapoints [300.0 (02/01/26 03:03:00), 280.25"
                + " (02/01/26 03:02:00)] was greater than the threshold (250.0) (minimum 2 datapoints for OK -> ALARM"
                + " transition).";
        assertEquals(List.of(300.0, 280.25), ReasonFigures.values(reason));
        assertEquals(250.0, ReasonFigures.threshold(reason));
    }

    @Test
    void oneDatapointNegativeAndExponentFormsAreNumbersToo() {
        String reason = "Threshold Crossed: 1 datapoint [-1.5E-4 (02/01/26 03:03:00)] was less than the threshold"
                + " (-1.0E-4).";
        assertEquals(List.of(-1.5e-4), ReasonFigures.values(reason));
        assertEquals(-1.0e-4, ReasonFigures.threshold(reason));
    }

    @Test
    void reasonsWithoutFiguresCiteNone() {
        String composite = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-latency-high transitioned to ALARM"
                + " at Friday 02 January, 2026 03:04:05 UTC";
        assertEquals(List.of(), ReasonFigures.values(composite));
        assertNull(ReasonFigures.threshold(composite));
        assertEquals(List.of(), ReasonFigures.values("Insufficient Data: 5 datapoints were unknown."));
        assertEquals(List.of(), ReasonFigures.values(null));
        assertNull(ReasonFigures.threshold("Unchecked: Initial alarm creation"));
    }
}
