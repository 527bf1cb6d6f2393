package io.bpf4j.it.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.it.Tools;
import io.bpf4j.object.kernel.ProgramType;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfProgram;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.MapHandle;
import io.bpf4j.runtime.TestRunResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The runtime loads an object that clang (not bpf4j) built from the seed's C source, and the
 * program counts exactly: a clang object has libbpf's layout ({@code .maps} with BTF-defined maps,
 * a {@code struct traffic_counters} with members {@code pkts} and {@code bytes}), which the runtime
 * must read as the processor's objects, decoding the map value into {@link Counters} by field name.
 */
class ClangObjectLoadTest {
  /** BPF_PROG_TEST_RUN pulls the 14-byte Ethernet header before a socket filter runs. */
  static final int ETH_HLEN = 14;

  static final int PACKET_SIZE = 64;
  static final int RUNS = 9;

  /** The C struct {@code traffic_counters}, matched by member name. */
  static final class Counters {
    long pkts;
    long bytes;
  }

  @TempDir Path tmp;

  @ParameterizedTest(name = "clang-19 -O2 -g -target bpf {0}")
  @ValueSource(strings = {"", "-mcpu=v4"})
  void clangObjectLoadsAndCountsExactly(String cpu) {
    KernelAssumptions.requireRoot();
    Path object = compile(tmp, cpu);
    try (BpfObject obj = BpfRuntime.load(object)) {
      BpfProgram program = obj.program("socketFilter");
      assertEquals(ProgramType.SOCKET_FILTER, program.type());
      try (MapHandle<Integer, Counters> table =
          obj.map("bwMonitorMap", Integer.class, Counters.class)) {
        Counters before = table.get(1);
        assertNotNull(before, "an array map has every key");
        assertEquals(0, before.pkts);
        assertEquals(0, before.bytes);

        TestRunResult result = program.testRun(new byte[PACKET_SIZE], RUNS);
        assertEquals(0, result.retval(), "socketFilter returns 0");

        Counters after = table.get(1);
        System.out.printf(
            "[bpf4j-it] clang object (%s): %d runs of a %d-byte packet -> pkts=%d bytes=%d%n",
            cpu.isEmpty() ? "default cpu" : cpu, RUNS, PACKET_SIZE, after.pkts, after.bytes);
        assertEquals(RUNS, after.pkts, "pkts of key 1");
        assertEquals((long) RUNS * (PACKET_SIZE - ETH_HLEN), after.bytes, "bytes of key 1");
        // The other keys stay untouched.
        assertEquals(0, table.get(0).pkts);
        assertEquals(0, table.get(2).pkts);
      }
    }
  }

  /**
   * Compiles {@code bandwidth_monitor.c} (and the header it includes) from the test resources with
   * {@code clang-19 -O2 -g -target bpf [cpuFlag] [extraFlags...] -c} into {@code dir}; {@code
   * cpuFlag} is empty or e.g. {@code -mcpu=v4}.
   */
  static Path compile(Path dir, String cpuFlag, String... extraFlags) {
    Path clang = KernelAssumptions.requireTool("clang-19");
    Path source = copyResource("c/bandwidth_monitor.c", dir);
    copyResource("c/bpf_defs.h", dir);
    Path object = dir.resolve("bandwidth_monitor" + (cpuFlag.isEmpty() ? "" : "_v4") + ".o");
    List<Object> command = new ArrayList<>(List.of(clang, "-O2", "-g", "-target", "bpf"));
    if (!cpuFlag.isEmpty()) {
      command.add(cpuFlag);
    }
    command.addAll(List.of(extraFlags));
    command.addAll(List.of("-c", source, "-o", object));
    Tools.run(command.toArray()).assertSuccess();
    return object;
  }

  private static Path copyResource(String resource, Path dir) {
    Path target = dir.resolve(Path.of(resource).getFileName().toString());
    try (InputStream in =
        ClangObjectLoadTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertNotNull(in, resource + " is not on the test class path");
      Files.write(target, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target;
  }
}
