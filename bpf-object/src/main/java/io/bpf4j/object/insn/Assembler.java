package io.bpf4j.object.insn;

import static io.bpf4j.object.insn.Opcode.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link Code} one instruction at a time. Every method appends (or binds, or marks) and
 * returns {@code this}, so calls chain:
 *
 * <pre>{@code
 * Label out = new Label("out");
 * Code code = new Assembler()
 *     .mov64(Register.R0, 0)
 *     .jmp(Opcode.JEQ, Register.R1, 0, out)
 *     .mov64(Register.R0, 1)
 *     .bind(out)
 *     .exit()
 *     .build();
 * }</pre>
 *
 * <p>Jumps keep their {@link Label}s; the {@link Encoder} turns them into offsets. Arguments that
 * cannot be encoded (an immediate beyond 32 bits, an access size the instruction does not have)
 * throw {@link IllegalArgumentException} here, where the caller's stack still says who was wrong.
 */
public final class Assembler {
  private final List<Instruction> instructions = new ArrayList<>();
  private final Map<Label, Integer> labels = new LinkedHashMap<>();
  private final List<LineMark> lines = new ArrayList<>();
  private final List<CoreMark> coreMarks = new ArrayList<>();

  // ---- ALU ----

  /** {@code dst op= src}, 64-bit ({@code ALU64}) or 32-bit ({@code ALU}). */
  public Assembler alu(boolean is64, int op, Register dst, Register src) {
    return alu(is64, op, dst, src, 0);
  }

  /**
   * {@code dst op= src} with an offset field: 1 makes {@code DIV}/{@code MOD} signed, 8/16/32 makes
   * {@code MOV} sign-extending (cpu v4).
   */
  public Assembler alu(boolean is64, int op, Register dst, Register src, int offset) {
    return add(Instruction.of(aluClass(is64) | aluOp(op) | X, dst, src, offset, 0));
  }

  /** {@code dst op= imm}; the immediate must fit a signed 32-bit field. */
  public Assembler alu(boolean is64, int op, Register dst, long imm) {
    return alu(is64, op, dst, imm, 0);
  }

  /** {@code dst op= imm} with an offset field (1 for signed {@code DIV}/{@code MOD}). */
  public Assembler alu(boolean is64, int op, Register dst, long imm, int offset) {
    return add(
        Instruction.of(aluClass(is64) | aluOp(op) | K, dst, Register.R0, offset, imm32(imm)));
  }

  public Assembler mov64(Register dst, Register src) {
    return alu(true, MOV, dst, src);
  }

  public Assembler mov64(Register dst, long imm) {
    return alu(true, MOV, dst, imm);
  }

  public Assembler mov32(Register dst, Register src) {
    return alu(false, MOV, dst, src);
  }

  public Assembler mov32(Register dst, long imm) {
    return alu(false, MOV, dst, imm);
  }

  /** {@code dst = (sN) src} in 64 bits, N being 8, 16 or 32 (cpu v4 {@code movsx}). */
  public Assembler movsx64(Register dst, Register src, int fromBits) {
    if (fromBits != 8 && fromBits != 16 && fromBits != 32) {
      throw new IllegalArgumentException("movsx64 from " + fromBits + " bits");
    }
    return alu(true, MOV, dst, src, fromBits);
  }

  /** {@code wdst = (sN) wsrc}, N being 8 or 16 (cpu v4 {@code movsx}). */
  public Assembler movsx32(Register dst, Register src, int fromBits) {
    if (fromBits != 8 && fromBits != 16) {
      throw new IllegalArgumentException("movsx32 from " + fromBits + " bits");
    }
    return alu(false, MOV, dst, src, fromBits);
  }

  /** {@code dst = -dst}. */
  public Assembler neg(boolean is64, Register dst) {
    return add(Instruction.of(aluClass(is64) | NEG | K, dst, Register.R0, 0, 0));
  }

  /** Unconditional byte swap of the low {@code bits} (16, 32 or 64) bits (cpu v4). */
  public Assembler bswap(Register dst, int bits) {
    return add(Instruction.of(ALU64 | END | TO_LE, dst, Register.R0, 0, swapBits(bits)));
  }

  /** Converts the low {@code bits} bits between host order and big or little endian. */
  public Assembler endian(Register dst, int bits, boolean toBigEndian) {
    int direction = toBigEndian ? TO_BE : TO_LE;
    return add(Instruction.of(ALU | END | direction, dst, Register.R0, 0, swapBits(bits)));
  }

  // ---- 64-bit immediates ----

  /** {@code dst = imm ll}: the two-slot load of a full 64-bit constant. */
  public Assembler ldImm64(Register dst, long imm) {
    return add(Instruction.of(LD | IMM | DW, dst, Register.R0, 0, imm));
  }

  /** Loads the address of map {@code mapName}; a relocation lets the loader fill in the map. */
  public Assembler ldMap(Register dst, String mapName) {
    return add(ldImm64Ref(dst, 0, new SymbolRef(mapName, SymbolRef.Kind.MAP)));
  }

  /** Loads the address of byte {@code offset} of data section {@code sectionName}. */
  public Assembler ldData(Register dst, String sectionName, int offset) {
    return add(ldImm64Ref(dst, offset, new SymbolRef(sectionName, SymbolRef.Kind.DATA)));
  }

  /**
   * Loads the address of subprogram {@code functionName} ({@code BPF_PSEUDO_FUNC}), as a {@code
   * bpf_loop} callback argument; the object writer fills in its offset in {@code .text}.
   */
  public Assembler ldFunction(Register dst, String functionName) {
    return add(
        new Instruction(
            LD | IMM | DW,
            dst.number(),
            PSEUDO_FUNC,
            0,
            0,
            null,
            new SymbolRef(functionName, SymbolRef.Kind.FUNCTION_ADDRESS)));
  }

  private static Instruction ldImm64Ref(Register dst, long imm, SymbolRef ref) {
    return new Instruction(LD | IMM | DW, dst.number(), 0, 0, imm, null, ref);
  }

  // ---- memory ----

  /** {@code dst = *(uN *)(base + off)}, zero-extending. */
  public Assembler ldx(int sizeBytes, Register dst, Register base, int off) {
    return add(Instruction.of(LDX | MEM | sizeOf(sizeBytes), dst, base, off, 0));
  }

  /** {@code dst = *(sN *)(base + off)}, sign-extending; N is 1, 2 or 4 bytes (cpu v4). */
  public Assembler ldxsx(int sizeBytes, Register dst, Register base, int off) {
    if (sizeBytes == 8) {
      throw new IllegalArgumentException("no sign-extending load of 8 bytes");
    }
    return add(Instruction.of(LDX | MEMSX | sizeOf(sizeBytes), dst, base, off, 0));
  }

  /** {@code *(uN *)(base + off) = src}. */
  public Assembler stx(int sizeBytes, Register base, int off, Register src) {
    return add(Instruction.of(STX | MEM | sizeOf(sizeBytes), base, src, off, 0));
  }

  /** {@code *(uN *)(base + off) = imm}; an 8-byte store sign-extends the 32-bit immediate. */
  public Assembler st(int sizeBytes, Register base, int off, long imm) {
    return add(Instruction.of(ST | MEM | sizeOf(sizeBytes), base, Register.R0, off, imm32(imm)));
  }

  /**
   * An atomic read-modify-write of 4 or 8 bytes at {@code base + off}. {@code atomicOp} is one of
   * {@code Opcode.ATOMIC_ADD/OR/AND/XOR} (optionally {@code | ATOMIC_FETCH}, which returns the old
   * value in {@code src}), {@code ATOMIC_XCHG} or {@code ATOMIC_CMPXCHG} (compares with r0).
   */
  public Assembler atomic(int sizeBytes, int atomicOp, Register base, int off, Register src) {
    if (sizeBytes != 4 && sizeBytes != 8) {
      throw new IllegalArgumentException("no atomic operation on " + sizeBytes + " bytes");
    }
    int plain = atomicOp & ~ATOMIC_FETCH;
    boolean known =
        plain == ATOMIC_ADD || plain == ATOMIC_OR || plain == ATOMIC_AND || plain == ATOMIC_XOR;
    if (!known && atomicOp != ATOMIC_XCHG && atomicOp != ATOMIC_CMPXCHG) {
      throw new IllegalArgumentException(
          "unknown atomic operation 0x" + Integer.toHexString(atomicOp));
    }
    return add(Instruction.of(STX | ATOMIC | sizeOf(sizeBytes), base, src, off, atomicOp));
  }

  /** Legacy packet access {@code r0 = *(uN *)skb[imm]} (1, 2 or 4 bytes; uses r6 as the skb). */
  public Assembler ldAbs(int sizeBytes, int imm) {
    return add(Instruction.of(LD | ABS | packetSize(sizeBytes), Register.R0, Register.R0, 0, imm));
  }

  /** Legacy packet access {@code r0 = *(uN *)skb[src + imm]}. */
  public Assembler ldInd(int sizeBytes, Register src, int imm) {
    return add(Instruction.of(LD | IND | packetSize(sizeBytes), Register.R0, src, 0, imm));
  }

  // ---- control flow ----

  /** {@code goto target}; the encoder makes it a {@code gotol} when the target is too far. */
  public Assembler ja(Label target) {
    return add(jump(JMP | JA, Register.R0, Register.R0, 0, target));
  }

  /** {@code if dst op src goto target}, comparing 64 bits. */
  public Assembler jmp(int op, Register dst, Register src, Label target) {
    return add(jump(JMP | condition(op) | X, dst, src, 0, target));
  }

  /** {@code if dst op imm goto target}, comparing 64 bits with the sign-extended immediate. */
  public Assembler jmp(int op, Register dst, long imm, Label target) {
    return add(jump(JMP | condition(op) | K, dst, Register.R0, imm32(imm), target));
  }

  /** {@code if wdst op wsrc goto target}, comparing the low 32 bits. */
  public Assembler jmp32(int op, Register dst, Register src, Label target) {
    return add(jump(JMP32 | condition(op) | X, dst, src, 0, target));
  }

  /** {@code if wdst op imm goto target}, comparing the low 32 bits. */
  public Assembler jmp32(int op, Register dst, long imm, Label target) {
    return add(jump(JMP32 | condition(op) | K, dst, Register.R0, imm32(imm), target));
  }

  /** Calls kernel helper number {@code helperId}. */
  public Assembler call(int helperId) {
    return add(Instruction.of(JMP | CALL, Register.R0, Register.R0, 0, helperId));
  }

  /**
   * Calls another BPF function of the same object. The imm stays -1 (as clang leaves it); a {@code
   * R_BPF_64_32} relocation names the callee and the loader computes the real offset.
   */
  public Assembler callFunction(String functionName) {
    SymbolRef ref = new SymbolRef(functionName, SymbolRef.Kind.FUNCTION);
    return add(new Instruction(JMP | CALL, 0, PSEUDO_CALL, 0, -1, null, ref));
  }

  public Assembler exit() {
    return add(Instruction.of(JMP | EXIT, Register.R0, Register.R0, 0, 0));
  }

  private static Instruction jump(int opcode, Register dst, Register src, long imm, Label target) {
    if (target == null) {
      throw new IllegalArgumentException("jump without a target label");
    }
    return new Instruction(opcode, dst.number(), src.number(), 0, imm, target, null);
  }

  // ---- structure ----

  /** Binds {@code label} to the next instruction appended (or the end, if none follows). */
  public Assembler bind(Label label) {
    if (labels.putIfAbsent(label, instructions.size()) != null) {
      throw new IllegalStateException("label " + label + " is bound twice");
    }
    return this;
  }

  /** Appends a ready-made instruction. */
  public Assembler add(Instruction instruction) {
    instructions.add(instruction);
    return this;
  }

  /**
   * Marks that the next instruction starts Java source line {@code line}. A second mark before the
   * same instruction replaces the first, so only the line the instruction really belongs to stays.
   */
  public Assembler line(int line, int column) {
    int index = instructions.size();
    if (!lines.isEmpty() && lines.get(lines.size() - 1).instructionIndex() == index) {
      lines.remove(lines.size() - 1);
    }
    lines.add(new LineMark(index, line, column));
    return this;
  }

  /**
   * Marks the last instruction appended as CO-RE relocated: one {@code bpf_core_relo} record of
   * {@code kind} for the access {@code accessString} starting at local BTF type {@code typeId}.
   */
  public Assembler core(int typeId, String accessString, int kind) {
    if (instructions.isEmpty()) {
      throw new IllegalStateException("a CO-RE mark needs an instruction");
    }
    coreMarks.add(new CoreMark(instructions.size() - 1, typeId, accessString, kind));
    return this;
  }

  /** The number of instructions appended so far (not slots). */
  public int size() {
    return instructions.size();
  }

  /**
   * The code so far. A line mark after the last instruction is dropped: it marks nothing, and BTF
   * line_info must point at an instruction.
   */
  public Code build() {
    List<LineMark> marks = new ArrayList<>(lines);
    marks.removeIf(m -> m.instructionIndex() >= instructions.size());
    return new Code(instructions, labels, marks, coreMarks);
  }

  // ---- argument checks ----

  private static int aluClass(boolean is64) {
    return is64 ? ALU64 : ALU;
  }

  private static int aluOp(int op) {
    if ((op & ~0xf0) != 0) {
      throw new IllegalArgumentException("not an ALU operation: 0x" + Integer.toHexString(op));
    }
    return op;
  }

  private static int condition(int op) {
    return switch (op) {
      case JEQ, JGT, JGE, JSET, JNE, JSGT, JSGE, JLT, JLE, JSLT, JSLE -> op;
      default ->
          throw new IllegalArgumentException(
              "not a conditional jump: 0x" + Integer.toHexString(op));
    };
  }

  private static long imm32(long imm) {
    if (imm < Integer.MIN_VALUE || imm > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("immediate does not fit signed 32 bits: " + imm);
    }
    return imm;
  }

  private static int swapBits(int bits) {
    if (bits != 16 && bits != 32 && bits != 64) {
      throw new IllegalArgumentException("byte swap of " + bits + " bits");
    }
    return bits;
  }

  private static int packetSize(int sizeBytes) {
    if (sizeBytes == 8) {
      throw new IllegalArgumentException("no packet load of 8 bytes");
    }
    return sizeOf(sizeBytes);
  }
}
