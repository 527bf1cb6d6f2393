package io.bpf4j.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Any map as a text table, one line per key and one column per key or value field (the seed's
 * {@code TableReader} layout for every map): a scalar key or value is one column named {@code key}
 * or {@code value}, a {@code @Struct} one column per field. Per-CPU values are summed over CPUs.
 *
 * <pre>
 * key     pkts   bytes
 * 0          0       0
 * 1         20    1340
 * </pre>
 */
public final class Tables {
  private Tables() {}

  /** The map's current contents. */
  public static <K, V> String format(MapHandle<K, V> map) {
    Map<K, List<V>> entries = map.entriesPerCpu();
    List<String> header = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    ValueNumbers keys = null;
    ValueNumbers values = null;
    for (Map.Entry<K, List<V>> e : entries.entrySet()) {
      if (keys == null) {
        // Every entry has the classes of the first: look at their fields once.
        keys = ValueNumbers.of(e.getKey().getClass());
        values = ValueNumbers.of(e.getValue().get(0).getClass());
        names(keys, "key").forEach(header::add);
        names(values, "value").forEach(header::add);
      }
      List<String> row = new ArrayList<>();
      for (long n : keys.numbers(e.getKey())) {
        row.add(Long.toString(n));
      }
      for (long n : values.sum(e.getValue())) {
        row.add(Long.toString(n));
      }
      rows.add(row);
    }
    return layout(header, rows);
  }

  private static List<String> names(ValueNumbers numbers, String scalarName) {
    return numbers.parts().stream().map(p -> p.name() == null ? scalarName : p.name()).toList();
  }

  /** Left-aligned first column, right-aligned numbers, two spaces between columns. */
  static String layout(List<String> header, List<List<String>> rows) {
    if (header.isEmpty()) {
      return "(empty)";
    }
    int[] widths = new int[header.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = header.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    line(sb, header, widths);
    for (List<String> row : rows) {
      sb.append('\n');
      line(sb, row, widths);
    }
    return sb.toString();
  }

  private static void line(StringBuilder sb, List<String> cells, int[] widths) {
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      if (i == 0) {
        sb.append(cell).append(" ".repeat(widths[0] - cell.length()));
      } else {
        sb.append("  ").append(" ".repeat(widths[i] - cell.length())).append(cell);
      }
    }
  }
}
