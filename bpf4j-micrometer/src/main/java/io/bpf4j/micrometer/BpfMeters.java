package io.bpf4j.micrometer;

import io.bpf4j.runtime.MapHandle;
import java.time.Duration;

/**
 * BPF maps as Micrometer meters, so that a registry such as Prometheus's exports a map's current
 * contents at every scrape:
 *
 * <pre>{@code
 * BpfMeters.map("bpf.traffic", table).bindTo(prometheusRegistry);
 * // bpf_traffic_pkts_total{key="1"} 20.0   (an @Atomic field: a counter)
 * }</pre>
 *
 * <p>Each key gets one meter per number of its value: a scalar value is one gauge named {@code
 * meterName}; a {@code @Struct} value has one meter per field, named {@code meterName.field}, a
 * counter for {@code @Atomic} fields and a gauge for the others. Tags come from the key: {@code
 * key=...} for a scalar key, one tag per field for a {@code @Struct} key. Per-CPU maps are summed
 * over CPUs.
 */
public final class BpfMeters {
  private BpfMeters() {}

  /** The meters of {@code map}; the map handle must stay open while they are registered. */
  public static <K, V> MapMeters<K, V> map(String meterName, MapHandle<K, V> map) {
    return new MapMeters<>(meterName, MapSource.of(map), Duration.ofSeconds(1), System::nanoTime);
  }
}
