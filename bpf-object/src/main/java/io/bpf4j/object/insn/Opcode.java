package io.bpf4j.object.insn;

/**
 * The fields of an eBPF opcode byte (kernel {@code Documentation/bpf/standardization}): class in
 * the low three bits, then source or size, then operation or mode.
 */
public final class Opcode {
  private Opcode() {}

  // Instruction classes.
  public static final int LD = 0x00;
  public static final int LDX = 0x01;
  public static final int ST = 0x02;
  public static final int STX = 0x03;
  public static final int ALU = 0x04;
  public static final int JMP = 0x05;
  public static final int JMP32 = 0x06;
  public static final int ALU64 = 0x07;

  // Sizes of loads and stores.
  public static final int W = 0x00;
  public static final int H = 0x08;
  public static final int B = 0x10;
  public static final int DW = 0x18;

  // Modes of loads and stores.
  public static final int IMM = 0x00;
  public static final int ABS = 0x20;
  public static final int IND = 0x40;
  public static final int MEM = 0x60;
  public static final int MEMSX = 0x80;
  public static final int ATOMIC = 0xc0;

  // Operand source of ALU and jump instructions.
  public static final int K = 0x00;
  public static final int X = 0x08;

  // ALU operations.
  public static final int ADD = 0x00;
  public static final int SUB = 0x10;
  public static final int MUL = 0x20;
  public static final int DIV = 0x30;
  public static final int OR = 0x40;
  public static final int AND = 0x50;
  public static final int LSH = 0x60;
  public static final int RSH = 0x70;
  public static final int NEG = 0x80;
  public static final int MOD = 0x90;
  public static final int XOR = 0xa0;
  public static final int MOV = 0xb0;
  public static final int ARSH = 0xc0;
  public static final int END = 0xd0;

  // Jump operations.
  public static final int JA = 0x00;
  public static final int JEQ = 0x10;
  public static final int JGT = 0x20;
  public static final int JGE = 0x30;
  public static final int JSET = 0x40;
  public static final int JNE = 0x50;
  public static final int JSGT = 0x60;
  public static final int JSGE = 0x70;
  public static final int CALL = 0x80;
  public static final int EXIT = 0x90;
  public static final int JLT = 0xa0;
  public static final int JLE = 0xb0;
  public static final int JSLT = 0xc0;
  public static final int JSLE = 0xd0;

  // Atomic operations, in the imm field of STX|ATOMIC.
  public static final int ATOMIC_ADD = 0x00;
  public static final int ATOMIC_OR = 0x40;
  public static final int ATOMIC_AND = 0x50;
  public static final int ATOMIC_XOR = 0xa0;
  public static final int ATOMIC_FETCH = 0x01;
  public static final int ATOMIC_XCHG = 0xe0 | ATOMIC_FETCH;
  public static final int ATOMIC_CMPXCHG = 0xf0 | ATOMIC_FETCH;

  // Byte swap direction of END in the ALU class (ALU64 END is the unconditional cpu v4 bswap).
  public static final int TO_LE = 0x00;
  public static final int TO_BE = 0x08;

  // Pseudo source registers of ld_imm64.
  public static final int PSEUDO_MAP_FD = 1;
  public static final int PSEUDO_MAP_VALUE = 2;
  public static final int PSEUDO_BTF_ID = 3;
  public static final int PSEUDO_FUNC = 4;

  // Pseudo source registers of call.
  public static final int PSEUDO_CALL = 1;
  public static final int PSEUDO_KFUNC_CALL = 2;

  /** The class bits of an opcode. */
  public static int instructionClass(int opcode) {
    return opcode & 0x07;
  }

  /** The operation bits of an ALU or jump opcode. */
  public static int operation(int opcode) {
    return opcode & 0xf0;
  }

  /** The size bits of a load or store opcode. */
  public static int size(int opcode) {
    return opcode & 0x18;
  }

  /** The mode bits of a load or store opcode. */
  public static int mode(int opcode) {
    return opcode & 0xe0;
  }

  /** The number of bytes a load or store of this opcode moves. */
  public static int sizeInBytes(int opcode) {
    return switch (size(opcode)) {
      case W -> 4;
      case H -> 2;
      case B -> 1;
      default -> 8;
    };
  }

  /** The size bits for a load or store of {@code bytes} bytes (1, 2, 4 or 8). */
  public static int sizeOf(int bytes) {
    return switch (bytes) {
      case 1 -> B;
      case 2 -> H;
      case 4 -> W;
      case 8 -> DW;
      default -> throw new IllegalArgumentException("no eBPF access of " + bytes + " bytes");
    };
  }
}
