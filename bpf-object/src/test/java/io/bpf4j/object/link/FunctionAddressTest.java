package io.bpf4j.object.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.object.FunctionSpec;
import io.bpf4j.object.ObjectListing;
import io.bpf4j.object.ObjectReader;
import io.bpf4j.object.ObjectSpec;
import io.bpf4j.object.ObjectWriter;
import io.bpf4j.object.btf.Btf;
import io.bpf4j.object.btf.BtfType;
import io.bpf4j.object.insn.Assembler;
import io.bpf4j.object.insn.Opcode;
import io.bpf4j.object.insn.Register;
import io.bpf4j.object.kernel.Helper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A subprogram's address ({@code bpf_loop}'s callback): written as clang does, an {@code ld_imm64}
 * with {@code BPF_PSEUDO_FUNC} relocated against {@code .text} with the callee's byte offset in the
 * immediate; read back, the callee is appended and the immediate is relative.
 */
class FunctionAddressTest {
  private static byte[] object() {
    Btf btf = new Btf();
    int intType = btf.add(new BtfType.Int("int", 4, BtfType.Int.SIGNED, 0, 32));
    int proto = btf.add(new BtfType.FuncProto(intType, List.of()));
    int main = btf.add(new BtfType.Func("main", proto, BtfType.Func.GLOBAL));
    int other = btf.add(new BtfType.Func("other", proto, BtfType.Func.STATIC));
    int step = btf.add(new BtfType.Func("step", proto, BtfType.Func.STATIC));
    FunctionSpec mainSpec =
        new FunctionSpec(
            "main",
            "socket",
            true,
            new Assembler()
                .line(1, 1)
                .mov64(Register.R1, 10) // 0
                .ldFunction(Register.R2, "step") // 1-2
                .mov64(Register.R3, 0) // 3
                .mov64(Register.R4, 0) // 4
                .call(Helper.LOOP.id()) // 5
                .exit() // 6
                .build(),
            main,
            "Loop.java",
            Map.of(1, "return Bpf.loop(10, Loop::step, null);"));
    FunctionSpec otherSpec =
        new FunctionSpec(
            "other",
            FunctionSpec.TEXT_SECTION,
            false,
            new Assembler().line(2, 1).mov64(Register.R0, 1).exit().build(),
            other,
            "Loop.java",
            Map.of(2, "return 1;"));
    FunctionSpec stepSpec =
        new FunctionSpec(
            "step",
            FunctionSpec.TEXT_SECTION,
            false,
            new Assembler().line(3, 1).mov64(Register.R0, 0).exit().build(),
            step,
            "Loop.java",
            Map.of(3, "return 0;"));
    return ObjectWriter.write(
        new ObjectSpec("GPL", List.of(mainSpec, otherSpec, stepSpec), List.of(), new byte[0], btf));
  }

  @Test
  void theRelocationNamesTextWithTheCalleeOffset() {
    String listing = ObjectListing.of("Loop", object());
    // step follows other (2 slots) in .text: byte offset 16 in the immediate.
    assertTrue(listing.contains("ld_pseudo\tr2, 0x4, 0x10"), listing);
    assertTrue(listing.contains("R_BPF_64_64\t.text"), listing);
  }

  @Test
  void linkingAppendsTheCalleeAndMakesTheImmediateRelative() {
    LinkedProgram main = ObjectReader.read(object()).program("main").orElseThrow();
    byte[] code = main.instructions();
    // main (slots 0-6), then step (7-8); other is not reached.
    assertEquals(9, main.instructionCount());
    assertEquals(Opcode.PSEUDO_FUNC << 4 | 2, code[8 + 1] & 0xff, "src PSEUDO_FUNC, dst r2");
    assertEquals(7 - 1 - 1, ObjectReaderTest.imm(code, 1), "relative to the ld_imm64");
    assertEquals(List.of(0, 7), main.funcInfo().stream().map(r -> r.instructionOffset()).toList());
  }
}
