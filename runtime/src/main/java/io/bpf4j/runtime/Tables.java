package io.bpf4j.runtime;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
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
    for (Map.Entry<K, List<V>> e : entries.entrySet()) {
      List<Column> keys = Column.of(e.getKey(), "key");
      List<Column> values = Column.of(e.getValue().get(0), "value");
      if (header.isEmpty()) {
        keys.forEach(c -> header.add(c.name()));
        values.forEach(c -> header.add(c.name()));
      }
      List<String> row = new ArrayList<>();
      keys.forEach(c -> row.add(Long.toString(c.read(e.getKey()))));
      for (Column c : values) {
        long sum = 0;
        for (V v : e.getValue()) {
          sum += c.read(v);
        }
        row.add(Long.toString(sum));
      }
      rows.add(row);
    }
    return layout(header, rows);
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

  /** One number of a key or value: the object itself, or one of its primitive fields. */
  private record Column(String name, Field field) {
    static List<Column> of(Object sample, String scalarName) {
      if (sample instanceof Number || sample instanceof Boolean || sample instanceof Character) {
        return List.of(new Column(scalarName, null));
      }
      List<Column> out = new ArrayList<>();
      for (Field f : sample.getClass().getDeclaredFields()) {
        if (!Modifier.isStatic(f.getModifiers()) && f.getType().isPrimitive()) {
          f.setAccessible(true);
          out.add(new Column(f.getName(), f));
        }
      }
      return out;
    }

    long read(Object target) {
      Object v;
      try {
        v = field == null ? target : field.get(target);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot read " + field, e);
      }
      if (v instanceof Boolean b) {
        return b ? 1 : 0;
      }
      if (v instanceof Character c) {
        return c;
      }
      return ((Number) v).longValue();
    }
  }
}
