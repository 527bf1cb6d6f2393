package io.bpf4j.it.corpus.open;

import io.bpf4j.it.corpus.Expect;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import io.bpf4j.runtime.TestRunResult;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * One open-corpus program loaded twice, from our Java port and from clang's build of its C, run on
 * the same frames: every run checks that both return the same value and leave the same bytes, and
 * the maps are compared at the end. Mismatches go to one {@link Expect}, so a run reports them all.
 */
final class Twins implements AutoCloseable {
  final BpfObject java;
  final BpfObject c;
  final Expect expect;
  private final String javaProgram;
  private final String cProgram;

  /** corpus/open/{@code javaClass}.java's {@code javaProgram} and c/public/{@code cFile}.c's. */
  Twins(String javaClass, String javaProgram, String cFile, String cProgram) {
    this.expect = new Expect("open/" + javaClass);
    this.java = Open.java(javaClass);
    BpfObject built;
    try {
      built = Open.c(cFile);
    } catch (RuntimeException | Error e) {
      java.close();
      throw e;
    }
    this.c = built;
    this.javaProgram = javaProgram;
    this.cProgram = cProgram;
  }

  /**
   * Runs both programs {@code repeat} times on {@code frame}; records a mismatch of return values
   * or output bytes, and returns the Java port's result.
   */
  TestRunResult run(String what, byte[] frame, int repeat) {
    TestRunResult ours = java.program(javaProgram).testRun(frame, repeat);
    TestRunResult clang = c.program(cProgram).testRun(frame, repeat);
    expect.equal(clang.retval(), ours.retval(), what + ": Java's return value against C's");
    expect.equal(
        hex(clang.dataOut()), hex(ours.dataOut()), what + ": Java's output bytes against C's");
    return ours;
  }

  /** Checks the Java port's return value and output bytes against what the test works out. */
  void want(String what, TestRunResult ours, int retval, byte[] dataOut) {
    expect.equal(retval, ours.retval(), what + ": return value");
    if (dataOut != null) {
      expect.equal(hex(dataOut), hex(ours.dataOut()), what + ": output bytes");
    }
  }

  /** Both objects' {@code map} (Java's may be named differently), non-zero entries, compared. */
  Map<Integer, Long> compareCounts(String javaMap, String cMap, boolean perCpu) {
    Map<Integer, Long> ours = counts(java, javaMap, perCpu);
    Map<Integer, Long> theirs = counts(c, cMap, perCpu);
    expect.equal(theirs, ours, "Java's " + javaMap + " against C's " + cMap);
    return ours;
  }

  /** The non-zero entries of {@code obj}'s map {@code name}, per-CPU values summed. */
  static Map<Integer, Long> counts(BpfObject obj, String name, boolean perCpu) {
    Map<Integer, Long> out = new TreeMap<>();
    try (MapHandle<Integer, Long> map = obj.map(name, Integer.class, Long.class)) {
      if (perCpu) {
        map.entriesPerCpu()
            .forEach(
                (k, values) -> {
                  long sum = values.stream().mapToLong(Long::longValue).sum();
                  if (sum != 0) {
                    out.put(k, sum);
                  }
                });
      } else {
        map.entries()
            .forEach(
                (k, v) -> {
                  if (v != 0) {
                    out.put(k, v);
                  }
                });
      }
    }
    return out;
  }

  static String hex(byte[] bytes) {
    return bytes == null ? "null" : HexFormat.of().formatHex(bytes);
  }

  static byte[] copy(byte[] frame) {
    return Arrays.copyOf(frame, frame.length);
  }

  @Override
  public void close() {
    try {
      java.close();
    } finally {
      c.close();
    }
  }
}
