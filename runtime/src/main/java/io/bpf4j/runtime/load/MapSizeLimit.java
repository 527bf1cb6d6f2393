package io.bpf4j.runtime.load;

import io.bpf4j.object.MapSpec;
import io.bpf4j.object.kernel.MapType;
import io.bpf4j.runtime.BpfException;
import java.util.Locale;

/**
 * The most memory one map may ask the kernel for, checked before {@code BPF_MAP_CREATE}: a damaged
 * or hostile object (a mutated BTF max_entries, say) should not make the loader allocate gigabytes.
 * libbpf has no such limit; the default, 1 GiB per map, is far above what real programs declare,
 * and the system property {@value #PROPERTY} changes it ({@code -Dbpf4j.maxMapBytes=8g}, or {@code
 * unlimited}).
 *
 * <p>The bytes counted are key plus value size times max_entries (values once per possible CPU for
 * per-CPU maps; the ring size for ring buffers); the kernel adds its own per-entry overhead on top.
 */
public final class MapSizeLimit {
  public static final String PROPERTY = "bpf4j.maxMapBytes";
  public static final long DEFAULT = 1L << 30;

  private final long maxBytes;

  public MapSizeLimit(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** The limit {@value #PROPERTY} sets, else {@link #DEFAULT}. */
  public static MapSizeLimit fromSystemProperty() {
    String value = System.getProperty(PROPERTY);
    return new MapSizeLimit(value == null ? DEFAULT : parse(value));
  }

  /** {@code 1073741824}, {@code 512m}, {@code 4g}, {@code 64k} or {@code unlimited}. */
  static long parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.equals("unlimited")) {
      return Long.MAX_VALUE;
    }
    long unit = 1;
    if (!t.isEmpty() && "kmg".indexOf(t.charAt(t.length() - 1)) >= 0) {
      unit = 1L << (10 * ("kmg".indexOf(t.charAt(t.length() - 1)) + 1));
      t = t.substring(0, t.length() - 1);
    }
    try {
      long n = Long.parseLong(t);
      if (n <= 0) {
        throw new NumberFormatException("not positive");
      }
      return Math.multiplyExact(n, unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new BpfException(
          0,
          "system property "
              + PROPERTY
              + "="
              + text
              + " is not a size; write bytes (1073741824), with k, m or g (512m, 4g), or"
              + " unlimited");
    }
  }

  public long maxBytes() {
    return maxBytes;
  }

  /** The bytes map {@code m} asks for, with {@code cpus} possible CPUs. */
  static long requestedBytes(MapSpec m, int cpus) {
    long entries = Integer.toUnsignedLong(m.maxEntries());
    MapType type = MapType.of(m.type());
    if (type == MapType.RINGBUF) {
      return entries;
    }
    long valueCopies = type.perCpu() ? Math.max(1, cpus) : 1;
    long perEntry =
        Integer.toUnsignedLong(m.keySize()) + Integer.toUnsignedLong(m.valueSize()) * valueCopies;
    try {
      return Math.multiplyExact(perEntry, entries);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** Throws when map {@code m} of {@code objectName} asks for more than the limit. */
  void check(MapSpec m, int cpus) {
    long bytes = requestedBytes(m, cpus);
    if (bytes <= maxBytes) {
      return;
    }
    MapType type = MapType.of(m.type());
    throw new BpfException(
        0,
        "map "
            + m.name()
            + " asks for "
            + human(bytes)
            + " ("
            + type.name()
            + ", key "
            + Integer.toUnsignedLong(m.keySize())
            + " B, value "
            + Integer.toUnsignedLong(m.valueSize())
            + " B"
            + (type.perCpu() ? " x " + cpus + " CPUs" : "")
            + ", max_entries "
            + Integer.toUnsignedLong(m.maxEntries())
            + "), more than the limit of "
            + human(maxBytes)
            + " per map; if the object is right, raise the limit with -D"
            + PROPERTY
            + "=<bytes, or e.g. 4g> (or lower max_entries in the @Map declaration)");
  }

  static String human(long bytes) {
    if (bytes == Long.MAX_VALUE) {
      return "more than 8 EiB";
    }
    String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    int u = 0;
    double v = bytes;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return u == 0
        ? bytes + " bytes"
        : String.format(Locale.ROOT, "%.1f %s (%d bytes)", v, units[u], bytes);
  }
}
