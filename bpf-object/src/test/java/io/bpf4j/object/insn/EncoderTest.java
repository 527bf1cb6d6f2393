package io.bpf4j.object.insn;

import static io.bpf4j.object.insn.EncoderTableTest.hexBytes;
import static io.bpf4j.object.insn.Register.R0;
import static io.bpf4j.object.insn.Register.R1;
import static io.bpf4j.object.insn.Register.R2;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EncoderTest {
  private final Label top = new Label("top");
  private final Label out = new Label("out");

  @Test
  void jumpOffsetsCountSlotsSoLdImm64CountsTwice() {
    Code code =
        new Assembler()
            .bind(top)
            .ldImm64(R1, 5) // slots 0-1
            .jmp(Opcode.JEQ, R1, 0, out) // slot 2: out is slot 6, 6 - 3 = +3
            .ldImm64(R2, 7) // slots 3-4
            .ja(top) // slot 5: top is slot 0, 0 - 6 = -6
            .bind(out)
            .exit() // slot 6
            .build();
    EncodedCode encoded = Encoder.encode(code);
    assertArrayEquals(new int[] {0, 2, 3, 5, 6}, encoded.slotOfInstruction());
    assertEquals(7, encoded.slotCount());
    assertEquals(7, code.slotCount());
    assertEquals(5, code.slotOf(3));
    assertEquals(6, code.slotOf(4));
    assertArrayEquals(
        hexBytes(
            "18 01 00 00 05 00 00 00 00 00 00 00 00 00 00 00"
                + "15 01 03 00 00 00 00 00"
                + "18 02 00 00 07 00 00 00 00 00 00 00 00 00 00 00"
                + "05 00 fa ff 00 00 00 00"
                + "95 00 00 00 00 00 00 00"),
        encoded.bytes());
    List<Instruction> resolved = Encoder.resolve(code);
    assertEquals(3, resolved.get(1).offset());
    assertEquals(-6, resolved.get(3).offset());
    assertEquals("if r1 == 0x0 goto +0x3", resolved.get(1).toString());
  }

  @Test
  void labelAfterTheLastInstructionAndJumpToSelf() {
    Code code = new Assembler().bind(top).ja(top).ja(out).bind(out).build();
    List<Instruction> resolved = Encoder.resolve(code);
    assertEquals(-1, resolved.get(0).offset());
    assertEquals(0, resolved.get(1).offset());
  }

  @Test
  void farGotoBecomesGotol() {
    assertEquals(Opcode.JMP | Opcode.JA, forwardJump(32767).opcode());
    Instruction far = forwardJump(32768);
    assertEquals(Opcode.JMP32 | Opcode.JA, far.opcode());
    assertEquals(32768, far.imm());
    assertEquals(0, far.offset());

    Assembler asm = new Assembler().bind(top);
    for (int i = 0; i < 40000; i++) {
      asm.exit();
    }
    Code code = asm.ja(top).build();
    Instruction back = Encoder.resolve(code).get(40000);
    assertEquals("gotol -0x9c41", back.toString());
    byte[] bytes = Encoder.encode(code).bytes();
    assertArrayEquals(hexBytes("06 00 00 00 bf 63 ff ff"), slice(bytes, 40000 * 8, 8));
  }

  private Instruction forwardJump(int distance) {
    Assembler asm = new Assembler().ja(out);
    for (int i = 0; i < distance; i++) {
      asm.exit();
    }
    return Encoder.resolve(asm.bind(out).build()).get(0);
  }

  @Test
  void farConditionalJumpIsAnErrorNamingTheLabel() {
    Assembler asm = new Assembler().jmp(Opcode.JNE, R0, R1, out);
    for (int i = 0; i < 32768; i++) {
      asm.exit();
    }
    Code code = asm.bind(out).build();
    var e = assertThrows(IllegalArgumentException.class, () -> Encoder.encode(code));
    assertTrue(e.getMessage().contains("out"), e.getMessage());
  }

  @Test
  void unboundLabelIsAnErrorNamingTheLabel() {
    Code code = new Assembler().jmp32(Opcode.JEQ, R0, 1, new Label("nowhere")).exit().build();
    var e = assertThrows(IllegalArgumentException.class, () -> Encoder.encode(code));
    assertTrue(e.getMessage().contains("nowhere"), e.getMessage());
  }

  @Test
  void relocationsPointAtTheirInstructions() {
    Code code =
        new Assembler()
            .mov64(R0, 0) // byte 0
            .ldMap(R1, "events") // bytes 8-23
            .ldImm64(R2, -1) // bytes 24-39
            .ldData(R2, ".rodata", 12) // bytes 40-55
            .callFunction("helper") // byte 56
            .exit()
            .build();
    EncodedCode encoded = Encoder.encode(code);
    assertEquals(
        List.of(
            new Relocation(8, "events", SymbolRef.Kind.MAP),
            new Relocation(40, ".rodata", SymbolRef.Kind.DATA),
            new Relocation(56, "helper", SymbolRef.Kind.FUNCTION)),
        encoded.relocations());
    assertEquals(
        List.of(1, 1, 10), encoded.relocations().stream().map(Relocation::elfType).toList());
    assertArrayEquals(
        hexBytes("18 02 00 00 0c 00 00 00 00 00 00 00 00 00 00 00"),
        slice(encoded.bytes(), 40, 16));
    assertArrayEquals(hexBytes("85 10 00 00 ff ff ff ff"), slice(encoded.bytes(), 56, 8));
  }

  @Test
  void singleInstructionEncoding() {
    assertArrayEquals(
        hexBytes("18 a1 34 12 78 56 34 12 00 00 00 00 ef cd ab 90"),
        Encoder.encode(new Instruction(0x18, 1, 10, 0x1234, 0x90abcdef12345678L, null, null)));
    assertArrayEquals(
        hexBytes("63 1a fc ff 00 00 00 00"),
        Encoder.encode(Instruction.of(0x63, Register.R10, R1, -4, 0)));
  }

  @Test
  void emptyCode() {
    EncodedCode encoded = Encoder.encode(new Assembler().build());
    assertEquals(0, encoded.bytes().length);
    assertEquals(0, encoded.slotOfInstruction().length);
  }

  private static byte[] slice(byte[] bytes, int from, int length) {
    return java.util.Arrays.copyOfRange(bytes, from, from + length);
  }
}
