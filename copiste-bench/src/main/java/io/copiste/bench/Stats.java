package io.copiste.bench;

import java.util.Arrays;
import java.util.Locale;

/** Small numeric helpers for the benchmarks: percentiles, medians and number formatting. Stateless. */
final class Stats {
    private Stats() {
    }

    /** The {@code p}-th percentile (0–100) of the values, nearest-rank; the array is sorted in place. */
    static double percentile(double[] values, double p) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        if (p < 0 || p > 100) {
            throw new IllegalArgumentException("percentile out of range: " + p);
        }
        Arrays.sort(values);
        int rank = (int) Math.ceil(p / 100.0 * values.length);
        return values[Math.max(0, Math.min(values.length - 1, rank - 1))];
    }

    static double median(double[] values) {
        return percentile(values.clone(), 50);
    }

    /** {@code 12,345} for large numbers, {@code 12.3} or {@code 1.23} for smaller ones. */
    static String number(double v) {
        if (Math.abs(v) >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (Math.abs(v) >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String ratio(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
