package dev.drydock.server;

import java.util.Collection;
import java.util.Optional;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * A mean with its 95 % confidence interval from Student's t distribution (n − 1 degrees of freedom):
 * mean ± t·s/√n. Every run is one sample, so repetitions and repositories both widen or narrow it.
 *
 * @param samples how many values
 * @param mean their mean; 0 without samples
 * @param low the interval's lower end; empty below two samples (no spread to estimate)
 * @param high the interval's upper end
 */
public record MeanEstimate(long samples, double mean, Optional<Double> low, Optional<Double> high) {
    public MeanEstimate {
        if (samples < 0) {
            throw new IllegalArgumentException("samples must not be negative");
        }
    }

    /** From the count, sum and sum of squares, as a database aggregates them. */
    public static MeanEstimate of(long samples, double sum, double sumOfSquares) {
        if (samples == 0) {
            return new MeanEstimate(0, 0, Optional.empty(), Optional.empty());
        }
        double mean = sum / samples;
        if (samples == 1) {
            return new MeanEstimate(1, mean, Optional.empty(), Optional.empty());
        }
        // clamped: rounding can make a spread of equal values a tiny negative number
        double variance = Math.max(0, (sumOfSquares - sum * mean) / (samples - 1));
        double halfWidth = t975(samples - 1) * Math.sqrt(variance / samples);
        return new MeanEstimate(samples, mean, Optional.of(mean - halfWidth), Optional.of(mean + halfWidth));
    }

    /** Student's t 97.5 % quantile for {@code degrees} degrees of freedom (a two-sided 95 % interval's factor). */
    public static double t975(long degrees) {
        // computing one takes a root search: remembered per degree of freedom
        return T975.computeIfAbsent(degrees, df -> new TDistribution(null, df).inverseCumulativeProbability(0.975));
    }

    private static final java.util.Map<Long, Double> T975 = new java.util.concurrent.ConcurrentHashMap<>();

    public static MeanEstimate of(Collection<Double> values) {
        double sum = 0;
        double squares = 0;
        for (double value : values) {
            sum += value;
            squares += value * value;
        }
        return of(values.size(), sum, squares);
    }
}
