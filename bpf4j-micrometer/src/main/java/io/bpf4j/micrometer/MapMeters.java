package io.bpf4j.micrometer;

import io.bpf4j.annotations.Atomic;
import io.bpf4j.runtime.ValueNumbers;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The meters of one BPF map: per key, a counter ({@code @Atomic} struct fields, which BPF code only
 * adds to) or a gauge (other fields and scalar values) for each number of the value, tagged with
 * the key's fields. Values are summed over CPUs. The map is read once per refresh interval, at the
 * first meter a scrape asks for, so a scrape reads the map once and not once per meter; keys that
 * appear get meters at that read, keys that are gone lose theirs.
 */
public final class MapMeters<K, V> implements MeterBinder {
  private final String meterName;
  private final MapSource<K, V> source;
  private final long refreshNanos;
  private final LongSupplier clock;

  private final Map<K, List<Meter>> meters = new HashMap<>();
  private MeterRegistry registry;
  private ValueNumbers keyNumbers;
  private ValueNumbers valueNumbers;
  private volatile Snapshot<K> snapshot;

  /** One read of the map: per key, the value's numbers summed over CPUs. */
  private record Snapshot<K>(Map<K, long[]> numbers, long readAt) {}

  MapMeters(String meterName, MapSource<K, V> source, Duration refresh, LongSupplier clock) {
    this.meterName = meterName;
    this.source = source;
    this.refreshNanos = refresh.toNanos();
    this.clock = clock;
  }

  /**
   * The same meters, reading the map at most once per {@code interval} (default 1 s). Choose it
   * longer than a scrape takes and shorter than the scrape interval, so that each scrape reads the
   * map once; or call {@link #refresh()} before each scrape and leave the default.
   */
  public MapMeters<K, V> refreshEvery(Duration interval) {
    if (interval.toMillis() < 1) {
      // Every meter of a scrape would read the whole map again.
      throw new IllegalArgumentException(
          "refresh interval " + interval + " is below 1 ms; call refresh() to read on demand");
    }
    return new MapMeters<>(meterName, source, interval, clock);
  }

  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    if (this.registry != null && this.registry != registry) {
      throw new IllegalStateException(
          "the meters of map " + source.name() + " are bound to a registry already");
    }
    this.registry = registry;
    refresh();
  }

  /** Reads the map now and updates the set of meters. */
  public synchronized void refresh() {
    Map<K, List<V>> entries = source.read();
    Map<K, long[]> numbers = new HashMap<>(entries.size() * 2);
    for (Map.Entry<K, List<V>> e : entries.entrySet()) {
      numbers.put(e.getKey(), sum(e.getValue()));
    }
    snapshot = new Snapshot<>(numbers, clock.getAsLong());
    if (registry == null) {
      return;
    }
    for (K key : numbers.keySet()) {
      if (!meters.containsKey(key)) {
        meters.put(key, register(key));
      }
    }
    for (Iterator<Map.Entry<K, List<Meter>>> it = meters.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<K, List<Meter>> e = it.next();
      if (!numbers.containsKey(e.getKey())) {
        e.getValue().forEach(registry::remove);
        it.remove();
      }
    }
  }

  private long[] sum(List<V> perCpu) {
    if (perCpu.isEmpty()) {
      return new long[0];
    }
    if (valueNumbers == null) {
      valueNumbers = numbersOf(perCpu.get(0).getClass());
    }
    return valueNumbers.sum(perCpu);
  }

  /** The numbers of a key or value class; a class without any cannot become meters. */
  private static ValueNumbers numbersOf(Class<?> type) {
    ValueNumbers numbers = ValueNumbers.of(type);
    if (numbers.parts().isEmpty()) {
      throw new IllegalArgumentException(
          type.getName() + " has no primitive fields to turn into meters");
    }
    return numbers;
  }

  private List<Meter> register(K key) {
    List<Tag> tags = tags(key);
    List<Meter> out = new ArrayList<>();
    List<ValueNumbers.Part> parts = valueNumbers.parts();
    for (int i = 0; i < parts.size(); i++) {
      ValueNumbers.Part part = parts.get(i);
      String name = part.name() == null ? meterName : meterName + "." + part.name();
      int index = i;
      String description = "BPF map " + source.name();
      // @Atomic fields are what BPF code only adds to: counters; everything else is a gauge.
      boolean counter = part.field() != null && part.field().isAnnotationPresent(Atomic.class);
      if (counter) {
        out.add(
            // The function captures this binder: Micrometer holds a counter's state object only
            // weakly, and a collected binder would freeze the counter at its last value.
            FunctionCounter.builder(name, this, ignored -> number(key, index))
                .tags(tags)
                .description(description)
                .register(registry));
      } else {
        out.add(
            Gauge.builder(name, this, ignored -> number(key, index))
                .tags(tags)
                .description(description)
                .strongReference(true)
                .register(registry));
      }
    }
    return out;
  }

  private List<Tag> tags(K key) {
    if (keyNumbers == null) {
      keyNumbers = numbersOf(key.getClass());
    }
    long[] values = keyNumbers.numbers(key);
    List<Tag> tags = new ArrayList<>(values.length);
    List<ValueNumbers.Part> parts = keyNumbers.parts();
    for (int i = 0; i < values.length; i++) {
      String name = parts.get(i).name();
      tags.add(Tag.of(name == null ? "key" : name, Long.toString(values[i])));
    }
    return tags;
  }

  /** The number {@code index} of {@code key}'s value, from a read no older than the interval. */
  double number(K key, int index) {
    Snapshot<K> s = snapshot;
    if (s == null || clock.getAsLong() - s.readAt() >= refreshNanos) {
      synchronized (this) {
        s = snapshot;
        if (s == null || clock.getAsLong() - s.readAt() >= refreshNanos) {
          refresh();
          s = snapshot;
        }
      }
    }
    long[] n = s.numbers().get(key);
    return n == null || index >= n.length ? Double.NaN : n[index];
  }
}
