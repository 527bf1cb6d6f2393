package io.bpf4j.object.insn;

import static io.bpf4j.object.insn.EncoderTableTest.hexBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bpf4j.object.ObjectFormatException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DecoderTest {

  @Test
  void decodesFieldsSigned() {
    List<Instruction> decoded =
        Decoder.decode(
            hexBytes(
                "63 1a fc ff 00 00 00 00"
                    + "18 21 00 00 ff ff ff ff 00 00 00 00 00 00 00 80"
                    + "b7 0f 00 80 00 00 00 80"));
    assertEquals(
        List.of(
            new Instruction(0x63, 10, 1, -4, 0, null, null),
            new Instruction(0x18, 1, 2, 0, 0x80000000ffffffffL, null, null),
            new Instruction(0xb7, 15, 0, -32768, Integer.MIN_VALUE, null, null)),
        decoded);
  }

  @Test
  void decodesARange() {
    byte[] bytes = hexBytes("ff ff 95 00 00 00 00 00 00 00 ff");
    assertEquals(
        List.of(Instruction.of(0x95, Register.R0, Register.R0, 0, 0)), Decoder.decode(bytes, 2, 8));
    assertEquals(List.of(), Decoder.decode(bytes, 11, 0));
  }

  @Test
  void rejectsBadLayouts() {
    String exit = "95 00 00 00 00 00 00 00";
    rejects(hexBytes(exit + "95"));
    rejects(hexBytes("95 00 00 00"));
    // ld_imm64 without its second slot, at the end or cut short.
    rejects(hexBytes(exit + "18 01 00 00 01 00 00 00"));
    rejects(hexBytes("18 01 00 00 01 00 00 00 00 00 00 00"));
    // A second slot must have zero opcode, registers and offset.
    rejects(hexBytes("18 01 00 00 01 00 00 00 95 00 00 00 00 00 00 00"));
    rejects(hexBytes("18 01 00 00 01 00 00 00 00 10 00 00 00 00 00 00"));
    rejects(hexBytes("18 01 00 00 01 00 00 00 00 00 01 00 00 00 00 00"));
    rejects(hexBytes("18 01 00 00 01 00 00 00 00 00 00 80 00 00 00 00"));
  }

  @Test
  void rejectsBadRanges() {
    byte[] bytes = new byte[16];
    assertThrows(ObjectFormatException.class, () -> Decoder.decode(bytes, -8, 8));
    assertThrows(ObjectFormatException.class, () -> Decoder.decode(bytes, 8, 16));
    assertThrows(ObjectFormatException.class, () -> Decoder.decode(bytes, 0, -8));
    assertThrows(ObjectFormatException.class, () -> Decoder.decode(bytes, Integer.MAX_VALUE, 8));
    assertThrows(ObjectFormatException.class, () -> Decoder.decode(null));
    assertThrows(ObjectFormatException.class, () -> Decoder.decode(null, 0, 0));
  }

  @Test
  void roundTripsEncodedCode() {
    Label loop = new Label("loop");
    Code code =
        new Assembler()
            .mov64(Register.R1, 10)
            .bind(loop)
            .ldImm64(Register.R2, 0x1122334455667788L)
            .atomic(8, Opcode.ATOMIC_ADD | Opcode.ATOMIC_FETCH, Register.R10, -8, Register.R2)
            .alu(true, Opcode.SUB, Register.R1, 1)
            .jmp(Opcode.JNE, Register.R1, 0, loop)
            .ldMap(Register.R3, "counts")
            .exit()
            .build();
    List<Instruction> expected =
        Encoder.resolve(code).stream()
            .map(
                i -> new Instruction(i.opcode(), i.dst(), i.src(), i.offset(), i.imm(), null, null))
            .toList();
    assertEquals(expected, Decoder.decode(Encoder.encode(code).bytes()));
  }

  /** Decoding, printing and listing random bytes may only ever fail with ObjectFormatException. */
  @Test
  void randomBytesOnlyEverFailWithObjectFormatException() {
    Random random = new Random(42);
    for (int round = 0; round < 20_000; round++) {
      byte[] bytes = new byte[random.nextInt(5) == 0 ? random.nextInt(40) : 8 * random.nextInt(6)];
      random.nextBytes(bytes);
      for (int i = 0; i < bytes.length; i += 8) {
        if (random.nextInt(3) == 0) {
          bytes[i] = 0x18; // make ld_imm64 pairs, good and bad, common
        }
        if (random.nextInt(4) == 0 && i + 12 <= bytes.length) {
          java.util.Arrays.fill(bytes, i + 8, i + 12, (byte) 0);
        }
      }
      try {
        for (Instruction insn : Decoder.decode(bytes)) {
          assertNotNull(insn.toString());
          assertNotNull(Disassembler.format(insn, true));
        }
      } catch (ObjectFormatException expected) {
        // fine: bad input is reported this way
      }
      int from = random.nextInt(bytes.length + 1);
      int length = random.nextInt(bytes.length + 2) - 1;
      try {
        Decoder.decode(bytes, from, length);
      } catch (ObjectFormatException expected) {
        // fine
      }
      assertNotNull(Disassembler.listing(".text", bytes, List.of()));
    }
  }

  private static void rejects(byte[] bytes) {
    assertThrows(ObjectFormatException.class, () -> Decoder.decode(bytes));
  }
}
