package io.bpf4j.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.annotations.Atomic;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Map contents as meters, over an in-memory map: no kernel, no root. */
class MapMetersTest {
  /** A value like the seed's: two counters. */
  public static final class Traffic {
    @Atomic public long pkts;
    @Atomic public long bytes;
    public int lastLen;

    Traffic(long pkts, long bytes, int lastLen) {
      this.pkts = pkts;
      this.bytes = bytes;
      this.lastLen = lastLen;
    }
  }

  /** A value of counters only: no gauge holds the binder. */
  public static final class Packets {
    @Atomic public long packets;

    Packets(long packets) {
      this.packets = packets;
    }
  }

  /** A struct key: each field becomes a tag. */
  public static final class Flow {
    public int proto;
    public short port;

    Flow(int proto, short port) {
      this.proto = proto;
      this.port = port;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Flow f && f.proto == proto && f.port == port;
    }

    @Override
    public int hashCode() {
      return proto * 31 + port;
    }
  }

  /** A map in memory that counts its reads. */
  private static final class FakeMap<K, V> implements MapSource<K, V> {
    final Map<K, List<V>> entries = new LinkedHashMap<>();
    final AtomicInteger reads = new AtomicInteger();

    @Override
    public String name() {
      return "fake";
    }

    @Override
    public Map<K, List<V>> read() {
      reads.incrementAndGet();
      return new LinkedHashMap<>(entries);
    }
  }

  private final AtomicLong now = new AtomicLong();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private <K, V> MapMeters<K, V> meters(String name, FakeMap<K, V> map) {
    return new MapMeters<>(name, map, Duration.ofSeconds(1), now::get);
  }

  @Test
  void atomicFieldsAreCountersOthersGaugesAndCpusAreSummed() {
    FakeMap<Integer, Traffic> map = new FakeMap<>();
    map.entries.put(1, List.of(new Traffic(3, 300, 60), new Traffic(2, 150, 80)));
    meters("bpf.traffic", map).bindTo(registry);

    FunctionCounter pkts = registry.get("bpf.traffic.pkts").tag("key", "1").functionCounter();
    assertEquals(5, pkts.count());
    assertEquals(450, registry.get("bpf.traffic.bytes").tag("key", "1").functionCounter().count());
    Gauge last = registry.get("bpf.traffic.lastLen").tag("key", "1").gauge();
    assertEquals(140, last.value(), "a gauge is summed over CPUs too");
  }

  @Test
  void scalarValuesAreOneGaugeAndStructKeysAreTags() {
    FakeMap<Flow, Long> map = new FakeMap<>();
    map.entries.put(new Flow(17, (short) 53), List.of(7L));
    meters("bpf.flows", map).bindTo(registry);
    Gauge g = registry.get("bpf.flows").tag("proto", "17").tag("port", "53").gauge();
    assertEquals(7, g.value());
  }

  @Test
  void aScrapeReadsTheMapOncePerIntervalNotOncePerMeter() {
    FakeMap<Integer, Traffic> map = new FakeMap<>();
    for (int k = 0; k < 100; k++) {
      map.entries.put(k, List.of(new Traffic(k, k * 10L, 0)));
    }
    meters("m", map).bindTo(registry);
    assertEquals(1, map.reads.get());
    registry.getMeters().forEach(m -> m.measure().forEach(x -> x.getValue()));
    assertEquals(1, map.reads.get(), "within the interval the bind's read serves");
    map.entries.put(5, List.of(new Traffic(1000, 0, 0)));
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    registry.getMeters().forEach(m -> m.measure().forEach(x -> x.getValue()));
    assertEquals(2, map.reads.get());
    assertEquals(1000, registry.get("m.pkts").tag("key", "5").functionCounter().count());
  }

  @Test
  void metersKeepReadingAfterTheBinderIsDropped() throws InterruptedException {
    FakeMap<Integer, Packets> map = new FakeMap<>();
    map.entries.put(1, List.of(new Packets(1)));
    meters("m", map).bindTo(registry); // no reference kept, as users write it
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(20);
    }
    map.entries.put(1, List.of(new Packets(7)));
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertEquals(7, registry.get("m.packets").tag("key", "1").functionCounter().count());
  }

  @Test
  void newKeysGetMetersAndGoneKeysLoseThem() {
    FakeMap<Integer, Long> map = new FakeMap<>();
    map.entries.put(1, List.of(10L));
    MapMeters<Integer, Long> meters = meters("m", map);
    meters.bindTo(registry);
    map.entries.remove(1);
    map.entries.put(2, List.of(20L));
    meters.refresh();
    assertNull(registry.find("m").tag("key", "1").gauge());
    assertEquals(20, registry.get("m").tag("key", "2").gauge().value());
  }

  @Test
  void aValueWithoutNumbersIsRefused() {
    FakeMap<Integer, Object> map = new FakeMap<>();
    map.entries.put(1, List.of(new Object()));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> meters("m", map).bindTo(registry));
    assertTrue(e.getMessage().contains("no primitive fields"), e.getMessage());
  }

  @Test
  void anIntervalThatWouldReadTheMapPerMeterIsRefused() {
    FakeMap<Integer, Long> map = new FakeMap<>();
    assertThrows(
        IllegalArgumentException.class, () -> meters("m", map).refreshEvery(Duration.ZERO));
  }

  @Test
  void oneBinderBelongsToOneRegistry() {
    FakeMap<Integer, Long> map = new FakeMap<>();
    MapMeters<Integer, Long> meters = meters("m", map);
    meters.bindTo(registry);
    assertThrows(IllegalStateException.class, () -> meters.bindTo(new SimpleMeterRegistry()));
  }
}
