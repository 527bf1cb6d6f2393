package io.bpf4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.annotations.License;
import io.bpf4j.annotations.Map;
import io.bpf4j.annotations.Section;
import io.bpf4j.annotations.Struct;
import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.MapType;
import io.bpf4j.lang.RawTracepointArgs;
import io.bpf4j.lang.RingBuf;
import io.bpf4j.lang.SkBuff;
import io.bpf4j.lang.TracepointContext;
import io.bpf4j.object.kernel.ProgramType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What of() accepts, ring buffers, tracing programs, and the errors that say what to change. */
class SimulatorTest {
  @License("GPL")
  static final class Events {
    @Struct
    static final class Event {
      int len;
      long seq;
    }

    @Struct
    static final class Small {
      long value;
    }

    @Map(type = MapType.RINGBUF, maxEntries = 4096)
    static RingBuf<Event> events;

    @Map(type = MapType.RINGBUF, maxEntries = 4096)
    static RingBuf<Small> smalls;

    @Map(type = MapType.ARRAY, maxEntries = 1)
    static BpfMap<Integer, Long> seen;

    @Section("socket")
    static int emit(SkBuff skb) {
      Event e = new Event();
      e.len = skb.len();
      e.seq = 1;
      boolean ok = events.output(e);
      e.seq = 2; // the ring keeps what output copied
      return ok ? 1 : 0;
    }

    @Section("socket")
    static int emitSmall(SkBuff skb) {
      Small s = new Small();
      return smalls.output(s) ? 1 : 0;
    }

    @Section("tracepoint/sched/sched_process_exec")
    static int exec(TracepointContext ctx) {
      seen.update(0, (long) ctx.readInt(8) + ctx.readShort(12) + ctx.readByte(14), BpfMap.ANY);
      return 0;
    }

    @Section("raw_tracepoint/sched_switch")
    static int switched(RawTracepointArgs args) {
      seen.update(0, args.arg(1) - args.arg(5), BpfMap.ANY);
      return 0;
    }
  }

  @Test
  void ringBufferRecordsAreCopiesAndSpaceRunsOut() {
    BpfSimulator sim = BpfSimulator.of(Events.class);
    byte[] frame = Frames.ipv4(60, 6);
    SimRingBuf<Events.Event> ring = sim.ringBuf("events");
    // 16-byte records take 24 bytes: 170 fit below 4096 - 1.
    for (int i = 0; i < 170; i++) {
      assertEquals(1, sim.run("emit", frame).returnValue(), "record " + i);
    }
    assertEquals(0, sim.run("emit", frame).returnValue());
    assertEquals(4080, ring.usedBytes());
    List<Events.Event> records = ring.consume();
    assertEquals(170, records.size());
    assertEquals(46, records.get(0).len);
    assertEquals(1, records.get(0).seq);
    assertEquals(0, ring.usedBytes());
    assertEquals(1, sim.run("emit", frame).returnValue(), "consumed space is free again");
    assertEquals(1, ring.records().size());
  }

  @Test
  void aRingIsFullOneByteShortOfItsSize() {
    BpfSimulator sim = BpfSimulator.of(Events.class);
    byte[] frame = Frames.ipv4(60, 6);
    // 8-byte records take 16 bytes: 256 of them would fill 4096 exactly, which the kernel refuses.
    for (int i = 0; i < 255; i++) {
      assertEquals(1, sim.run("emitSmall", frame).returnValue(), "record " + i);
    }
    assertEquals(0, sim.run("emitSmall", frame).returnValue());
    assertEquals(255, sim.<Events.Small>ringBuf("smalls").records().size());
  }

  @Test
  void tracingProgramsRunOnBuiltContexts() {
    BpfSimulator sim = BpfSimulator.of(Events.class);
    byte[] record = new byte[16];
    record[8] = 1;
    record[12] = 2;
    record[14] = (byte) 0xff;
    sim.run("exec", new SimTracepointContext(record));
    assertEquals(1L + 2 + 255, sim.map("seen", Integer.class, Long.class).get(0));
    sim.run("switched", new SimRawTracepointArgs(0, 10, 0, 0, 0, 4));
    assertEquals(6L, sim.map("seen", Integer.class, Long.class).get(0));
    assertThrows(IllegalArgumentException.class, () -> sim.run("exec", Frames.ipv4(60, 6)));
    assertThrows(
        SimulationException.class, () -> sim.run("exec", new SimTracepointContext(new byte[10])));
    assertEquals(ProgramType.TRACEPOINT, sim.program("exec").type());
    assertFalse(sim.program("exec").type().runsOnPackets());
  }

  @Test
  void namesAndLookups() {
    BpfSimulator sim = BpfSimulator.of(Events.class);
    assertEquals(4, sim.programs().size());
    assertEquals("tracepoint/sched/sched_process_exec", sim.program("exec").section());
    assertEquals(Events.class, sim.program("exec").programClass());
    assertEquals(1, sim.maps().size(), "ring buffers are not key/value maps");
    assertThrows(IllegalArgumentException.class, () -> sim.program("nope"));
    assertThrows(IllegalArgumentException.class, () -> sim.map("nope"));
    assertThrows(IllegalArgumentException.class, () -> sim.map("events"));
    assertThrows(IllegalArgumentException.class, () -> sim.progArray("seen"));
    assertThrows(IllegalArgumentException.class, () -> sim.ringBuf("seen"));
  }

  @License("GPL")
  static final class FinalMap {
    @Map(type = MapType.ARRAY, maxEntries = 1)
    static final BpfMap<Integer, Long> frozen = null;

    @Section("socket")
    static int run(SkBuff skb) {
      return 0;
    }
  }

  @License("GPL")
  static final class QueueMap {
    @Map(type = MapType.QUEUE, maxEntries = 1)
    static BpfMap<Integer, Long> queue;

    @Section("socket")
    static int run(SkBuff skb) {
      return 0;
    }
  }

  @License("GPL")
  static final class LongArrayKey {
    @Map(type = MapType.ARRAY, maxEntries = 1)
    static BpfMap<Long, Long> array;

    @Section("socket")
    static int run(SkBuff skb) {
      return 0;
    }
  }

  @License("GPL")
  static final class NotAStruct {
    static final class Plain {
      int x;
    }

    @Map(type = MapType.HASH, maxEntries = 1)
    static BpfMap<Integer, Plain> hash;

    @Section("socket")
    static int run(SkBuff skb) {
      return 0;
    }
  }

  static final class NoPrograms {}

  @Test
  void whatOfRefusesAndWhy() {
    assertMessage(FinalMap.class, "drop the final");
    assertMessage(QueueMap.class, "QUEUE");
    assertMessage(LongArrayKey.class, "must be Integer");
    assertMessage(NotAStruct.class, "Plain is not a map key or value type");
    assertMessage(NoPrograms.class, "no @Section method");
  }

  private static void assertMessage(Class<?> cls, String part) {
    SimulationException e = assertThrows(SimulationException.class, () -> BpfSimulator.of(cls));
    assertTrue(e.getMessage().contains(part), e.getMessage());
  }
}
