package io.bpf4j.runtime;

import io.bpf4j.object.FunctionSpec;
import io.bpf4j.object.MapSpec;
import io.bpf4j.object.ObjectSpec;
import io.bpf4j.object.ObjectWriter;
import io.bpf4j.object.btf.Btf;
import io.bpf4j.object.btf.BtfType;
import io.bpf4j.object.insn.Assembler;
import io.bpf4j.object.insn.Register;
import io.bpf4j.object.kernel.MapType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Objects for the loader tests: written with bpf-object's writer, and one built by clang. */
final class TestObjects {
  private TestObjects() {}

  static final int INT = 1;
  static final int U64 = 2;
  static final int COUNTERS = 3;
  static final int PROTO = 4;

  static final String FILE = "Demo.java";

  /** The .rodata: two strings, the second at offset 3. */
  static final byte[] RODATA = "hi\0n=%d\n\0".getBytes(StandardCharsets.US_ASCII);

  /** The index of the ld_imm64 of map {@code counters} in program {@code count}. */
  static final int COUNTERS_LOAD = 1;

  /** The index of the ld_imm64 of {@code .rodata} in program {@code count}. */
  static final int RODATA_LOAD = 3;

  /**
   * Program {@code count} (socket filter, lines 10-12 of Demo.java) loads map {@code counters} and
   * the second string of .rodata; {@code pass} (XDP) and {@code classify} (tc) only return. Maps:
   * {@code counters} (HASH, int to struct traffic_counters {bytes, pkts} by BTF), {@code perCpu}
   * (PERCPU_ARRAY of u64), {@code flags} (ARRAY of int), {@code slots} (PROG_ARRAY with {@code
   * count} in slot 1).
   */
  static ObjectSpec demoSpec() {
    Btf btf = new Btf();
    btf.add(new BtfType.Int("int", 4, BtfType.Int.SIGNED, 0, 32)); // 1
    btf.add(new BtfType.Int("__u64", 8, 0, 0, 64)); // 2
    btf.add(
        new BtfType.Struct(
            "traffic_counters",
            16,
            List.of(
                new BtfType.Member("bytes", U64, 0), new BtfType.Member("pkts", U64, 64)))); // 3
    btf.add(new BtfType.FuncProto(INT, List.of(new BtfType.Param("ctx", INT)))); // 4
    int countFunc = btf.add(new BtfType.Func("count", PROTO, BtfType.Func.GLOBAL));
    int passFunc = btf.add(new BtfType.Func("pass", PROTO, BtfType.Func.GLOBAL));
    int classifyFunc = btf.add(new BtfType.Func("classify", PROTO, BtfType.Func.GLOBAL));

    FunctionSpec count =
        new FunctionSpec(
            "count",
            "socket",
            true,
            new Assembler()
                .line(10, 5)
                .mov64(Register.R6, Register.R1) // 0
                .ldMap(Register.R1, "counters") // 1-2
                .line(11, 9)
                .ldData(Register.R2, ".rodata", 3) // 3-4
                .line(12, 9)
                .mov64(Register.R0, 0) // 5
                .exit() // 6
                .build(),
            countFunc,
            FILE,
            Map.of(10, "int count(Context c) {", 11, "  String s = \"n=%d\";", 12, "  return 0;"));
    FunctionSpec pass =
        new FunctionSpec(
            "pass",
            "xdp",
            true,
            new Assembler().line(20, 5).mov64(Register.R0, 2).exit().build(),
            passFunc,
            FILE,
            Map.of(20, "return XDP_PASS;"));
    FunctionSpec classify =
        new FunctionSpec(
            "classify",
            "tc",
            true,
            new Assembler().line(30, 5).mov64(Register.R0, 0).exit().build(),
            classifyFunc,
            FILE,
            Map.of(30, "return TC_ACT_OK;"));
    List<MapSpec> maps =
        List.of(
            new MapSpec(
                "counters", MapType.HASH.kernelId(), 4, 16, 8, 0, 0, INT, COUNTERS, List.of()),
            new MapSpec(
                "perCpu", MapType.PERCPU_ARRAY.kernelId(), 4, 8, 4, 0, 0, INT, U64, List.of()),
            new MapSpec("flags", MapType.ARRAY.kernelId(), 4, 4, 4, 0, 0, INT, INT, List.of()),
            new MapSpec(
                "perCpuInts", MapType.PERCPU_HASH.kernelId(), 4, 4, 4, 0, 0, INT, INT, List.of()),
            new MapSpec(
                "slots",
                MapType.PROG_ARRAY.kernelId(),
                4,
                4,
                2,
                0,
                0,
                0,
                0,
                java.util.Arrays.asList(null, "count")));
    return new ObjectSpec("GPL", List.of(count, pass, classify), maps, RODATA, btf);
  }

  static byte[] demo() {
    return ObjectWriter.write(demoSpec());
  }

  /** An object with one map declared {@code pinning = BY_NAME}, of {@code maxEntries} entries. */
  static byte[] pinnedByName(int maxEntries) {
    Btf btf = new Btf();
    btf.add(new BtfType.Int("int", 4, BtfType.Int.SIGNED, 0, 32));
    btf.add(new BtfType.FuncProto(INT, List.of(new BtfType.Param("ctx", INT))));
    int func = btf.add(new BtfType.Func("use", 2, BtfType.Func.GLOBAL));
    FunctionSpec use =
        new FunctionSpec(
            "use",
            "socket",
            true,
            new Assembler()
                .line(5, 5)
                .ldMap(Register.R1, "shared")
                .mov64(Register.R0, 0)
                .exit()
                .build(),
            func,
            "Shared.java",
            Map.of(5, "return 0;"));
    MapSpec shared =
        new MapSpec("shared", MapType.HASH.kernelId(), 4, 4, maxEntries, 0, 1, INT, INT, List.of());
    return ObjectWriter.write(
        new ObjectSpec("GPL", List.of(use), List.of(shared), new byte[0], btf));
  }

  /**
   * An object with a QUEUE of 3 ints ({@code fifo}), a STACK of 3 ints ({@code lifo}) and a HASH
   * ({@code table}), as the processor writes them: keyless maps with a BTF value type only.
   */
  static byte[] queues() {
    Btf btf = new Btf();
    btf.add(new BtfType.Int("int", 4, BtfType.Int.SIGNED, 0, 32));
    btf.add(new BtfType.FuncProto(INT, List.of(new BtfType.Param("ctx", INT))));
    int func = btf.add(new BtfType.Func("use", 2, BtfType.Func.GLOBAL));
    FunctionSpec use =
        new FunctionSpec(
            "use",
            "socket",
            true,
            new Assembler()
                .line(5, 5)
                .ldMap(Register.R1, "fifo")
                .ldMap(Register.R1, "lifo")
                .ldMap(Register.R1, "table")
                .mov64(Register.R0, 0)
                .exit()
                .build(),
            func,
            "Queues.java",
            Map.of(5, "return 0;"));
    MapSpec fifo = new MapSpec("fifo", MapType.QUEUE.kernelId(), 0, 4, 3, 0, 0, 0, INT, List.of());
    MapSpec lifo = new MapSpec("lifo", MapType.STACK.kernelId(), 0, 4, 3, 0, 0, 0, INT, List.of());
    MapSpec table =
        new MapSpec("table", MapType.HASH.kernelId(), 4, 4, 4, 0, 0, INT, INT, List.of());
    return ObjectWriter.write(
        new ObjectSpec("GPL", List.of(use), List.of(fifo, lifo, table), new byte[0], btf));
  }

  /**
   * An object with an ARRAY_OF_MAPS {@code byIndex} (4 slots) holding ARRAYs of 8 longs, and a
   * HASH_OF_MAPS {@code byKey} (2 keys) holding HASHes of int to long, read by program {@code use};
   * the writer writes the inner shapes as {@code __array(values, ...)} and the reader takes them
   * back.
   */
  static io.bpf4j.object.LinkedObject mapsOfMaps() {
    Btf btf = new Btf();
    btf.add(new BtfType.Int("int", 4, BtfType.Int.SIGNED, 0, 32));
    btf.add(new BtfType.FuncProto(INT, List.of(new BtfType.Param("ctx", INT))));
    int func = btf.add(new BtfType.Func("use", 2, BtfType.Func.GLOBAL));
    int u64 = btf.add(new BtfType.Int("__u64", 8, 0, 0, 64));
    FunctionSpec use =
        new FunctionSpec(
            "use",
            "socket",
            true,
            new Assembler()
                .line(5, 5)
                .ldMap(Register.R1, "byIndex")
                .ldMap(Register.R1, "byKey")
                .mov64(Register.R0, 0)
                .exit()
                .build(),
            func,
            "Nested.java",
            Map.of(5, "return 0;"));
    MapSpec arrays =
        new MapSpec("byIndex.inner", MapType.ARRAY.kernelId(), 4, 8, 8, 0, 0, INT, u64, List.of());
    MapSpec hashes =
        new MapSpec("byKey.inner", MapType.HASH.kernelId(), 4, 8, 16, 0, 0, INT, u64, List.of());
    MapSpec byIndex =
        new MapSpec("byIndex", MapType.ARRAY_OF_MAPS.kernelId(), 4, 4, 4, 0, 0, 0, 0, List.of())
            .withInner(arrays);
    MapSpec byKey =
        new MapSpec("byKey", MapType.HASH_OF_MAPS.kernelId(), 4, 4, 2, 0, 0, 0, 0, List.of())
            .withInner(hashes);
    byte[] elf =
        ObjectWriter.write(
            new ObjectSpec("GPL", List.of(use), List.of(byIndex, byKey), new byte[0], btf));
    return io.bpf4j.object.ObjectReader.read(elf, "nested");
  }

  /** A checked-in test object built by clang; see the C source next to it. */
  static byte[] resource(String name) {
    try (InputStream in = TestObjects.class.getResourceAsStream("/objects/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource /objects/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
