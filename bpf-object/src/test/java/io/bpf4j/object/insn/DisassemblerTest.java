package io.bpf4j.object.insn;

import static io.bpf4j.object.insn.EncoderTableTest.hexBytes;
import static io.bpf4j.object.insn.EncoderTableTest.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class DisassemblerTest {

  @Test
  void symbolicPartsAreShownInAngleBrackets() {
    Label out = new Label("out");
    Code code =
        new Assembler()
            .jmp(Opcode.JEQ, Register.R1, 0, out)
            .jmp32(Opcode.JSGT, Register.R1, Register.R2, out)
            .ja(out)
            .ldMap(Register.R1, "events")
            .callFunction("helper")
            .bind(out)
            .build();
    assertEquals(
        List.of(
            "if r1 == 0x0 goto <out>",
            "if w1 s> w2 goto <out>",
            "goto <out>",
            "r1 = 0x0 ll <events>",
            "call -0x1 <helper>"),
        code.instructions().stream().map(Instruction::toString).toList());
  }

  /** Cases where llvm-objdump-19 shows what LLVM's decoder ignores or rejects. */
  @Test
  void printsWhatLlvmPrintsForOddEncodings() {
    String[][] cases = {
      {"bf b1 00 00 00 00 00 00", "r1 = r11"}, // LLVM knows an r11
      {"bf c1 00 00 00 00 00 00", "<unknown>"},
      {"0f 21 00 00 09 00 00 00", "r1 += r2"}, // unused imm is not shown
      {"b7 01 01 00 09 00 00 00", "<unknown>"}, // mov with an offset
      {"95 12 34 00 00 00 00 00", "exit"},
      {"95 00 00 00 01 00 00 00", "<unknown>"},
      {"48 13 05 00 06 00 00 00", "r0 = *(u16 *)skb[r1]"}, // LD_IND's imm is not shown
      {"8d 21 03 00 05 00 00 00", "callx r1"},
      {"e5 00 fd ff 00 00 00 00", "may_goto -0x3"},
      {"bf 21 01 00 00 00 01 00", "r1 = addr_space_cast(r2, 0x1, 0x0)"},
      {"db 21 08 00 02 00 00 00", "lock *(u64 *)(r1 + 0x8) += r2"},
      {"db 21 08 00 01 01 00 00", "r2 = atomic_fetch_add((u64 *)(r1 + 0x8), r2)"},
      {"18 21 00 00 a0 00 00 00 00 00 00 00 f0 00 00 00", "ld_pseudo\tr1, 0x2, 0xa0"},
      {"18 01 00 00 00 00 00 80 00 00 00 00 00 00 00 80", "r1 = -0x7fffffff80000000 ll"},
      {"6a 0a 00 80 00 00 00 80", "*(u16 *)(r10 - 0x8000) = -0x80000000"},
      {"00 00 00 00 00 00 00 00", "<unknown>"},
    };
    for (String[] c : cases) {
      Instruction insn = Decoder.decode(hexBytes(c[0])).get(0);
      assertEquals(c[1], Disassembler.format(insn), c[0]);
    }
  }

  @Test
  void listingShowsZeroRunsRaggedTailsAndJumpTargets() {
    byte[] code =
        hexBytes(
            "05 00 fe ff 00 00 00 00" // goto -2: before the section start
                + "15 00 fe ff 00 00 00 00" // if r0 == 0 goto -2: the section start
                + "00 00 00 00 00 00 00 00 00 00 00 00"
                + "95 00 00 00 00 00 00 00 00 00");
    String expected =
        String.join(
            "\n",
            "       0:\t05 00 fe ff 00 00 00 00\tgoto -0x2 <.text+0xfffffffffffffff8>",
            "       1:\t15 00 fe ff 00 00 00 00\tif r0 == 0x0 goto -0x2 <.text>",
            "\t\t...",
            "       3:\t95 00 00 00 00 00 00 00\texit",
            "       4:\t00\t<unknown>",
            "       4:\t00\t<unknown>",
            "");
    assertEquals(expected, Disassembler.listing(".text", code, List.of()));
  }

  @Test
  void listingShowsRelocationsAfterTheirInstruction() {
    byte[] code =
        hexBytes(
            "18 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
                + "00 00 00 00 00 00 00 00"
                + "85 10 00 00 ff ff ff ff");
    List<Relocation> relocations =
        List.of(
            new Relocation(24, "helper", SymbolRef.Kind.FUNCTION),
            new Relocation(16, "zeroes", SymbolRef.Kind.DATA),
            new Relocation(0, "events", SymbolRef.Kind.MAP));
    String expected =
        String.join(
            "\n",
            "       0:\t18 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00\tr1 = 0x0 ll",
            "\t\t0000000000000000:  R_BPF_64_64\tevents",
            "       2:\t00 00 00 00 00 00 00 00\t<unknown>",
            "\t\t0000000000000010:  R_BPF_64_64\tzeroes",
            "       3:\t85 10 00 00 ff ff ff ff\tcall -0x1",
            "\t\t0000000000000018:  R_BPF_64_32\thelper",
            "");
    assertEquals(expected, Disassembler.listing("tp/x", code, relocations));
  }

  /** Pseudo-random bytes listed by llvm-objdump-19 (see gen-random-listing.py). */
  @Test
  void listingOfRandomBytesMatchesLlvmObjdump() {
    byte[] code = hexBytes(resource("random-listing.hex"));
    assertEquals(
        resource("random-listing.objdump.txt"), Disassembler.listing(".text", code, List.of()));
    assertEquals(
        resource("random-listing.objdump-v4.txt"),
        Disassembler.listing(".text", code, List.of(), true));
  }
}
