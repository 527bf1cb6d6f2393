package io.bpf4j.object.link;

import io.bpf4j.object.FunctionSpec;
import io.bpf4j.object.MapSpec;
import io.bpf4j.object.ObjectSpec;
import io.bpf4j.object.ObjectWriter;
import io.bpf4j.object.btf.Btf;
import io.bpf4j.object.btf.BtfType;
import io.bpf4j.object.insn.Assembler;
import io.bpf4j.object.insn.Label;
import io.bpf4j.object.insn.Opcode;
import io.bpf4j.object.insn.Register;
import io.bpf4j.object.kernel.MapType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The objects the load tests read: one written with {@link ObjectWriter}, and clang's. */
final class TestObjects {
  private TestObjects() {}

  /** BTF ids of {@link #ownSpec()}'s types. */
  static final int INT = 1;

  static final int PROTO = 2;
  static final int FUNC_COUNT = 3;
  static final int FUNC_HELPER = 4;
  static final int FUNC_LEAF = 5;
  static final int FUNC_UNUSED = 6;
  static final int FUNC_PASS = 7;

  static final String FILE = "Demo.java";

  /** The .rodata of {@link #ownSpec()}: two strings, the second at offset 3. */
  static final byte[] RODATA = "hi\0n=%d\n\0".getBytes(StandardCharsets.US_ASCII);

  /**
   * An object shaped like the processor's output: program {@code count} (section {@code socket})
   * loads map {@code counters}, the second string of .rodata, and calls the static subprogram
   * {@code helper} twice; {@code helper} calls the global subprogram {@code leaf}; program {@code
   * pass} (section {@code xdp}) calls only {@code leaf}; {@code unused} is called by no one. The
   * slots of each function are noted in comments.
   */
  static ObjectSpec ownSpec() {
    Btf btf = new Btf();
    btf.add(new BtfType.Int("int", 4, BtfType.Int.SIGNED, 0, 32)); // 1
    btf.add(new BtfType.FuncProto(INT, List.of(new BtfType.Param("x", INT)))); // 2
    btf.add(new BtfType.Func("count", PROTO, BtfType.Func.GLOBAL)); // 3
    btf.add(new BtfType.Func("helper", PROTO, BtfType.Func.STATIC)); // 4
    btf.add(new BtfType.Func("leaf", PROTO, BtfType.Func.GLOBAL)); // 5
    btf.add(new BtfType.Func("unused", PROTO, BtfType.Func.STATIC)); // 6
    btf.add(new BtfType.Func("pass", PROTO, BtfType.Func.GLOBAL)); // 7

    Label skip = new Label("skip");
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
                .mov64(Register.R1, Register.R6) // 5
                .callFunction("helper") // 6
                .jmp(Opcode.JEQ, Register.R0, 0, skip) // 7
                .line(12, 9)
                .callFunction("helper") // 8
                .bind(skip)
                .exit() // 9
                .build(),
            FUNC_COUNT,
            FILE,
            Map.of(10, "int count(Context c) {", 11, "  n = helper(c);", 12, "  helper(c);"));
    FunctionSpec helper =
        new FunctionSpec(
            "helper",
            FunctionSpec.TEXT_SECTION,
            false,
            new Assembler()
                .line(20, 3)
                .callFunction("leaf") // 0
                .alu(true, Opcode.ADD, Register.R0, 1) // 1
                .exit() // 2
                .build(),
            FUNC_HELPER,
            FILE,
            Map.of(20, "return leaf(x) + 1;"));
    FunctionSpec leaf =
        new FunctionSpec(
            "leaf",
            FunctionSpec.TEXT_SECTION,
            true,
            new Assembler().line(30, 3).mov64(Register.R0, 2).exit().build(),
            FUNC_LEAF,
            FILE,
            Map.of(30, "return 2;"));
    FunctionSpec unused =
        new FunctionSpec(
            "unused",
            FunctionSpec.TEXT_SECTION,
            false,
            new Assembler().line(40, 3).mov64(Register.R0, 0).exit().build(),
            FUNC_UNUSED,
            FILE,
            Map.of(40, "return 0;"));
    FunctionSpec pass =
        new FunctionSpec(
            "pass",
            "xdp",
            true,
            new Assembler().line(50, 3).callFunction("leaf").exit().build(),
            FUNC_PASS,
            FILE,
            Map.of(50, "return leaf(x);"));
    List<MapSpec> maps =
        List.of(
            new MapSpec("counters", 2, 4, 4, 8, 0, 0, INT, INT, List.of()),
            new MapSpec(
                "a_rather_long_map_name",
                MapType.PROG_ARRAY.kernelId(),
                4,
                4,
                2,
                0,
                1,
                0,
                0,
                List.of()));
    return new ObjectSpec("GPL", List.of(count, helper, leaf, unused, pass), maps, RODATA, btf);
  }

  static byte[] ownObject() {
    return ObjectWriter.write(ownSpec());
  }

  /** A checked-in test object; its C source and build command are in test-programs' c/. */
  static byte[] resource(String name) {
    try (InputStream in = TestObjects.class.getResourceAsStream("/link/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource /load/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
