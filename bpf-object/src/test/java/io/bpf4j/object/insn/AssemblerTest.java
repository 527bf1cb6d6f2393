package io.bpf4j.object.insn;

import static io.bpf4j.object.insn.Register.R0;
import static io.bpf4j.object.insn.Register.R1;
import static io.bpf4j.object.insn.Register.R10;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AssemblerTest {

  @Test
  void buildsCodeWithLabelsInBindingOrderAndLineMarks() {
    Label b = new Label("b");
    Label a = new Label("a");
    Assembler asm = new Assembler();
    asm.line(10, 3).mov64(R0, 0).bind(b);
    asm.line(11, 0).line(12, 5).ldImm64(R1, 1L << 40).bind(a);
    asm.mov64(R1, R0).line(13, 0);
    assertEquals(3, asm.size());
    Code code = asm.build();

    assertEquals(List.of(b, a), List.copyOf(code.labels().keySet()));
    assertEquals(Map.of(b, 1, a, 2), code.labels());
    // The second mark before an instruction replaces the first; a mark after the end is dropped.
    assertEquals(List.of(new LineMark(0, 10, 3), new LineMark(1, 12, 5)), code.lines());
    assertEquals(4, code.slotCount());
    assertEquals(
        List.of(0, 1, 3, 4),
        List.of(code.slotOf(0), code.slotOf(1), code.slotOf(2), code.slotOf(3)));
    assertThrows(IndexOutOfBoundsException.class, () -> code.slotOf(4));
    assertThrows(UnsupportedOperationException.class, () -> code.labels().put(a, 0));
    assertThrows(UnsupportedOperationException.class, () -> code.instructions().clear());
  }

  @Test
  void bindingALabelTwiceIsAnError() {
    Label l = new Label("l");
    Assembler asm = new Assembler().bind(l).exit();
    assertThrows(IllegalStateException.class, () -> asm.bind(l));
  }

  @Test
  void immediatesMustFitSigned32Bits() {
    Assembler asm = new Assembler();
    asm.mov64(R0, Integer.MIN_VALUE).mov64(R0, Integer.MAX_VALUE).st(8, R10, -8, -1);
    assertThrows(IllegalArgumentException.class, () -> asm.mov64(R0, 1L << 31));
    assertThrows(IllegalArgumentException.class, () -> asm.mov32(R0, 0xffffffffL));
    assertThrows(
        IllegalArgumentException.class, () -> asm.alu(true, Opcode.ADD, R0, -(1L << 31) - 1));
    assertThrows(IllegalArgumentException.class, () -> asm.st(4, R10, -4, 1L << 32));
    assertThrows(
        IllegalArgumentException.class, () -> asm.jmp(Opcode.JEQ, R0, 1L << 31, new Label("x")));
    assertEquals(3, asm.size());
  }

  @Test
  void rejectsFormsThatDoNotExist() {
    Assembler asm = new Assembler();
    Label l = new Label("l");
    assertThrows(IllegalArgumentException.class, () -> asm.movsx64(R0, R1, 64));
    assertThrows(IllegalArgumentException.class, () -> asm.movsx32(R0, R1, 32));
    assertThrows(IllegalArgumentException.class, () -> asm.bswap(R0, 8));
    assertThrows(IllegalArgumentException.class, () -> asm.endian(R0, 128, true));
    assertThrows(IllegalArgumentException.class, () -> asm.ldx(3, R0, R1, 0));
    assertThrows(IllegalArgumentException.class, () -> asm.ldxsx(8, R0, R1, 0));
    assertThrows(IllegalArgumentException.class, () -> asm.atomic(2, Opcode.ATOMIC_ADD, R1, 0, R0));
    assertThrows(IllegalArgumentException.class, () -> asm.atomic(8, 0x10, R1, 0, R0));
    assertThrows(IllegalArgumentException.class, () -> asm.ldAbs(8, 0));
    assertThrows(IllegalArgumentException.class, () -> asm.ldInd(8, R1, 0));
    assertThrows(IllegalArgumentException.class, () -> asm.jmp(Opcode.JA, R0, R1, l));
    assertThrows(IllegalArgumentException.class, () -> asm.jmp32(Opcode.CALL, R0, 0, l));
    assertThrows(IllegalArgumentException.class, () -> asm.alu(true, 0x05, R0, R1));
    assertThrows(IllegalArgumentException.class, () -> asm.ja(null));
    assertEquals(0, asm.size());
  }

  @Test
  void symbolReferencesAndTargetsAreKept() {
    Label l = new Label("l");
    Code code =
        new Assembler()
            .ldMap(R1, "m")
            .ldData(R1, ".rodata", 8)
            .callFunction("f")
            .ja(l)
            .bind(l)
            .build();
    List<Instruction> insns = code.instructions();
    assertEquals(new SymbolRef("m", SymbolRef.Kind.MAP), insns.get(0).ref());
    assertEquals(new SymbolRef(".rodata", SymbolRef.Kind.DATA), insns.get(1).ref());
    assertEquals(8, insns.get(1).imm());
    assertEquals(new SymbolRef("f", SymbolRef.Kind.FUNCTION), insns.get(2).ref());
    assertEquals(Opcode.PSEUDO_CALL, insns.get(2).srcNumber());
    assertEquals(l, insns.get(3).target());
  }
}
