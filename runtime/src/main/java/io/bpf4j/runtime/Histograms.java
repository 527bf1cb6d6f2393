package io.bpf4j.runtime;

import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Power-of-two histograms as eBPF tools print them (bcc's and libbpf-tools' {@code
 * print_log2_hist}): slot {@code i} of the map counts values whose base-2 logarithm, rounded down,
 * is {@code i} (slot 0 also holds 0), so it covers {@code 2^i .. 2^(i+1)-1}; each line shows the
 * range, the count and a bar of up to 40 stars scaled to the largest count.
 *
 * <pre>
 *      value           : count    distribution
 *          0 -> 1      : 0        |                                        |
 *          2 -> 3      : 3        |*****                                   |
 *          4 -> 7      : 24       |****************************************|
 * </pre>
 */
public final class Histograms {
  private static final int BAR = 40;

  private Histograms() {}

  /** The histogram of a map whose values are counts, summed over CPUs for per-CPU maps. */
  public static String log2(MapHandle<Integer, Long> slots, String unit) {
    return log2(slots, Long::longValue, unit);
  }

  /**
   * The histogram of a map whose values hold a count, such as a {@code @Struct} with an
   * {@code @Atomic long count}; per-CPU maps are summed over CPUs.
   */
  public static <V> String log2(MapHandle<Integer, V> slots, ToLongFunction<V> count, String unit) {
    return log2(counts(slots.entriesPerCpu(), count), unit);
  }

  /** The histogram of {@code counts[i]}, the count of slot {@code i}. */
  public static String log2(long[] counts, String unit) {
    int last = counts.length - 1;
    while (last > 0 && counts[last] == 0) {
      last--;
    }
    long max = 0;
    for (long c : counts) {
      max = Math.max(max, c);
    }
    int width = Math.max(5, Long.toString(high(Math.max(0, last))).length());
    String label = unit == null || unit.isEmpty() ? "value" : unit;
    StringBuilder sb = new StringBuilder();
    // The label spans the "low -> high" column: width + 1, " -> ", width.
    sb.append(String.format("%-" + (2 * width + 5) + "s : count    distribution", label));
    for (int i = 0; i <= last && counts.length > 0; i++) {
      long low = i == 0 ? 0 : 1L << i;
      sb.append(
          String.format(
              "%n%" + (width + 1) + "d -> %-" + width + "d : %-8d |%-" + BAR + "s|",
              low,
              high(i),
              counts[i],
              "*".repeat(stars(counts[i], max))));
    }
    return sb.toString();
  }

  private static long high(int slot) {
    return slot >= 63 ? Long.MAX_VALUE : (1L << (slot + 1)) - 1;
  }

  private static int stars(long count, long max) {
    return max == 0 ? 0 : (int) ((double) count * BAR / max);
  }

  private static <V> long[] counts(Map<Integer, List<V>> entries, ToLongFunction<V> count) {
    int slots = 0;
    for (Integer k : entries.keySet()) {
      if (k >= 0 && k < 64) {
        slots = Math.max(slots, k + 1);
      }
    }
    long[] out = new long[slots];
    for (Map.Entry<Integer, List<V>> e : entries.entrySet()) {
      int k = e.getKey();
      if (k < 0 || k >= 64) {
        continue; // not a log2 slot of a 64-bit value
      }
      for (V v : e.getValue()) {
        out[k] += count.applyAsLong(v);
      }
    }
    return out;
  }
}
