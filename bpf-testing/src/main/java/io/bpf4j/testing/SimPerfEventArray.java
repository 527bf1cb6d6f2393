package io.bpf4j.testing;

import io.bpf4j.lang.BpfContext;
import io.bpf4j.lang.PerfEventArray;
import java.util.ArrayList;
import java.util.List;

/**
 * A simulated {@code BPF_MAP_TYPE_PERF_EVENT_ARRAY}: every {@code output} is collected with the CPU
 * it ran on (the simulator's current CPU, {@code BPF_F_CURRENT_CPU}), as if a reader had opened
 * every CPU's ring and none was ever full; {@code output} returns 0. Records are copies of what the
 * program passed.
 *
 * @param <T> the record type
 */
public final class SimPerfEventArray<T> implements PerfEventArray<T> {
  /** One record and the CPU whose ring it went to. */
  public record Event<T>(int cpu, T record) {}

  private final String name;
  private final ValueLayout layout;
  private final CpuView cpus;
  private final List<Event<T>> events = new ArrayList<>();

  SimPerfEventArray(String name, ValueLayout layout, CpuView cpus) {
    this.name = name;
    this.layout = layout;
    this.cpus = cpus;
  }

  @Override
  @SuppressWarnings("unchecked")
  public int output(BpfContext ctx, T value) {
    if (ctx == null) {
      throw new SimulationException(
          "perf event array " + name + ": output needs the program's context, not null");
    }
    if (value == null) {
      throw new NullArgumentException(name, "record");
    }
    if (!layout.type().isInstance(value)) {
      throw new IllegalArgumentException(
          "perf event array " + name + " holds " + layout.type().getSimpleName() + " records");
    }
    events.add(new Event<>(cpus.currentCpu(), (T) layout.copy(value)));
    return 0;
  }

  public String name() {
    return name;
  }

  /** Every record output so far, oldest first, with its CPU. */
  public List<Event<T>> events() {
    return List.copyOf(events);
  }

  /** The records output so far, oldest first. */
  public List<T> records() {
    return events.stream().map(Event::record).toList();
  }

  /** The records output on CPU {@code cpu}, oldest first. */
  public List<T> records(int cpu) {
    return events.stream().filter(e -> e.cpu() == cpu).map(Event::record).toList();
  }

  /** Takes every record out, as a reader polling every CPU's ring does. */
  public List<T> consume() {
    List<T> out = records();
    events.clear();
    return out;
  }
}
