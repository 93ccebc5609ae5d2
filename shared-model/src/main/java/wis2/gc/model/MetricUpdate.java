package wis2.gc.model;

import java.util.List;
import java.util.Objects;

/**
 * One change to one series: add {@code value} to a counter, set a gauge, or observe a value in a
 * histogram. {@link MetricsLayout#commands} turns it into Redis hash commands.
 *
 * @param labelValues in the order of {@link Metric#labelNames()}
 */
public record MetricUpdate(Metric metric, List<String> labelValues, Kind kind, double value) {

    /** How the value applies. */
    public enum Kind {
        INCREMENT, SET, OBSERVE
    }

    public MetricUpdate {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(kind, "kind");
        labelValues = List.copyOf(labelValues);
        if (labelValues.size() != metric.labelNames().size()) {
            throw new IllegalArgumentException(metric.metricName() + " takes labels " + metric.labelNames() + ", got "
                    + labelValues);
        }
        Kind expected = switch (metric.type()) {
            case COUNTER -> Kind.INCREMENT;
            case GAUGE -> Kind.SET;
            case HISTOGRAM -> Kind.OBSERVE;
        };
        if (kind != expected) {
            throw new IllegalArgumentException(metric.metricName() + " is a " + metric.type() + " and takes " + expected
                    + ", not " + kind);
        }
        if (!Double.isFinite(value) || (kind == Kind.INCREMENT && value < 0)) {
            throw new IllegalArgumentException(metric.metricName() + " cannot take the value " + value);
        }
    }
}
