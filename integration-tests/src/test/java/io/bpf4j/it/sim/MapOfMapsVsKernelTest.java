package io.bpf4j.it.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.it.corpus.Corpus;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import io.bpf4j.runtime.MapOfMapsHandle;
import io.bpf4j.testing.BpfSimulator;
import io.bpf4j.testing.SimMap;
import io.bpf4j.testing.SimMapOfMaps;
import io.bpf4j.testing.SimProgram;
import io.bpf4j.testing.SimXdpMd;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * corpus/MapOfMaps.java compiled by bpf4j, loaded by bpf4j's runtime and run by the kernel, against
 * the same class run by the simulator: user space puts, replaces and deletes inner maps in both
 * (through {@link MapOfMapsHandle} and {@link SimMapOfMaps}), the same frames go through both, and
 * the return values and every inner map's contents must agree after each round.
 */
class MapOfMapsVsKernelTest {
  private static final int ROUNDS = 6;
  private static final int FRAMES_PER_ROUND = 60;

  /** One side's inner maps, by outer key, so both sides can be read the same way. */
  private interface Side {
    void putArray(int key);

    void putHash(int key, Map<Integer, Long> contents);

    void deleteArray(int key);

    void deleteHash(int key);

    int run(byte[] frame);

    /** Outer key -> inner contents ("slot=packets" for arrays, "key=value" for hashes). */
    Map<Integer, String> contents();
  }

  @Test
  void runtimeAndSimulatorAgreeFrameByFrameAndMapByMap() throws Exception {
    KernelAssumptions.requireBpffs();
    Class<?> programClass = CorpusClasses.load("MapOfMaps");
    Class<?> counter =
        Class.forName("corpus.MapOfMaps$Counter", true, programClass.getClassLoader());
    Field packets = counter.getField("packets");
    try (BpfObject obj = Corpus.load("MapOfMaps");
        MapOfMapsHandle<Integer> kArrays = obj.mapOfMaps("byFirstByte", Integer.class);
        MapOfMapsHandle<Integer> kHashes = obj.mapOfMaps("seen", Integer.class)) {
      BpfSimulator sim = BpfSimulator.of(programClass);
      SimMapOfMaps<Integer> sArrays = sim.mapOfMaps("byFirstByte");
      SimMapOfMaps<Integer> sHashes = sim.mapOfMaps("seen");
      SimProgram program = sim.program("countPacket");
      List<MapHandle<?, ?>> owned = new ArrayList<>();
      Side kernel =
          new Side() {
            @Override
            public void putArray(int key) {
              MapHandle<Integer, ?> m = kArrays.newInner(Integer.class, counter);
              owned.add(m);
              kArrays.put(key, m);
            }

            @Override
            public void putHash(int key, Map<Integer, Long> contents) {
              MapHandle<Integer, Long> m = kHashes.newInner(Integer.class, Long.class);
              owned.add(m);
              contents.forEach(m::put);
              kHashes.put(key, m);
            }

            @Override
            public void deleteArray(int key) {
              kArrays.delete(key);
            }

            @Override
            public void deleteHash(int key) {
              kHashes.delete(key);
            }

            @Override
            public int run(byte[] frame) {
              return obj.program("countPacket").testRun(frame, 1).retval();
            }

            @Override
            public Map<Integer, String> contents() {
              Map<Integer, String> out = new TreeMap<>();
              for (int key : kArrays.keys()) {
                try (MapHandle<Integer, ?> m =
                    kArrays.get(key, Integer.class, counter).orElseThrow()) {
                  out.put(key, "array " + counts(m.entries(), packets));
                }
              }
              for (int key : kHashes.keys()) {
                try (MapHandle<Integer, Long> m =
                    kHashes.get(key, Integer.class, Long.class).orElseThrow()) {
                  out.merge(key, "hash " + new TreeMap<>(m.entries()), (a, b) -> a + ", " + b);
                }
              }
              return out;
            }
          };
      Side simulated =
          new Side() {
            @Override
            public void putArray(int key) {
              sArrays.put(key, sArrays.newInner(Integer.class, counter));
            }

            @Override
            public void putHash(int key, Map<Integer, Long> contents) {
              SimMap<Integer, Long> m = sHashes.newInner(Integer.class, Long.class);
              contents.forEach(m::put);
              sHashes.put(key, m);
            }

            @Override
            public void deleteArray(int key) {
              sArrays.delete(key);
            }

            @Override
            public void deleteHash(int key) {
              sHashes.delete(key);
            }

            @Override
            public int run(byte[] frame) {
              return sim.run(program, SimXdpMd.testRun(frame).build()).returnValue();
            }

            @Override
            public Map<Integer, String> contents() {
              Map<Integer, String> out = new TreeMap<>();
              for (int key : sArrays.keys()) {
                SimMap<Integer, ?> m = sArrays.get(key, Integer.class, counter).orElseThrow();
                out.put(key, "array " + counts(m.entries(), packets));
              }
              for (int key : sHashes.keys()) {
                SimMap<Integer, Long> m = sHashes.get(key, Integer.class, Long.class).orElseThrow();
                out.merge(key, "hash " + new TreeMap<>(m.entries()), (a, b) -> a + ", " + b);
              }
              return out;
            }
          };
      try {
        Random random = new Random(20261205);
        boolean counted = false;
        for (int round = 0; round < ROUNDS; round++) {
          // Change the inner maps the same way on both sides: put or replace, or delete.
          for (int change = 0; change < 4; change++) {
            int key = random.nextInt(10);
            boolean delete = random.nextInt(4) == 0;
            boolean array = random.nextBoolean();
            Map<Integer, Long> hashContents = Map.of(1, (long) round, 2, (long) key);
            for (Side side : List.of(kernel, simulated)) {
              if (array && key < 8) {
                if (delete) {
                  side.deleteArray(key);
                } else {
                  side.putArray(key);
                }
              } else if (!array) {
                if (delete) {
                  side.deleteHash(key);
                } else {
                  side.putHash(key, hashContents);
                }
              }
            }
          }
          for (int i = 0; i < FRAMES_PER_ROUND; i++) {
            byte[] frame = new byte[60];
            random.nextBytes(frame);
            frame[0] = (byte) random.nextInt(10);
            assertEquals(simulated.run(frame), kernel.run(frame), "round " + round + " frame " + i);
          }
          Map<Integer, String> expected = simulated.contents();
          assertEquals(expected, kernel.contents(), "inner maps after round " + round);
          counted |= expected.values().stream().anyMatch(s -> s.matches("array \\{0=[1-9].*"));
        }
        assertTrue(counted, "some frames were counted into an inner array");
      } finally {
        owned.forEach(MapHandle::close);
      }
    }
  }

  /** An inner array's counters as slot -> packets, read through the Counter class's field. */
  private static Map<Integer, Long> counts(Map<Integer, ?> entries, Field packets) {
    Map<Integer, Long> out = new TreeMap<>();
    entries.forEach(
        (slot, value) -> {
          try {
            out.put(slot, packets.getLong(value));
          } catch (IllegalAccessException e) {
            throw new AssertionError(e);
          }
        });
    return out;
  }
}
