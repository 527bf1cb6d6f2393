package io.bpf4j.runtime.core;

import io.bpf4j.object.btf.Btf;
import io.bpf4j.object.btf.BtfType;
import io.bpf4j.object.kernel.CoreRelocationKind;
import io.bpf4j.object.link.CoreRelocationRecord;
import io.bpf4j.object.link.LineInfoRecord;
import io.bpf4j.object.link.LinkedProgram;
import io.bpf4j.runtime.BpfException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies a linked program's CO-RE relocations against a kernel's BTF, as libbpf's {@code
 * bpf_core_apply_relo_insn} does for the field kinds: candidates are the kernel's structs and
 * unions with the local struct's essential name; each candidate that the access string matches
 * gives a value (byte offset, byte size, existence, signedness), and they must all agree. The value
 * goes into the instruction: the offset of a load or store, the immediate of an ALU or {@code mov}
 * instruction.
 *
 * <p>When no candidate has the field, existence is 0 and the instruction of any other kind is
 * replaced, as libbpf does, by a call of the non-existent helper {@link #POISON_HELPER}, which the
 * verifier rejects if it can reach it. Unless a {@code Core.exists} check of the same field is in
 * the program (whose branch the verifier then prunes), the load fails here already with a {@link
 * BpfException} naming the struct, the field and the Java line.
 */
public final class CoreRelocator {
  /** libbpf's poison: {@code call 0xbad2310}. */
  public static final int POISON_HELPER = 0xbad2310;

  private static final int CLASS_LD = 0x00;
  private static final int CLASS_LDX = 0x01;
  private static final int CLASS_ST = 0x02;
  private static final int CLASS_STX = 0x03;
  private static final int CLASS_ALU = 0x04;
  private static final int CLASS_ALU64 = 0x07;

  private final Btf local;
  private final KernelBtf target;
  private final FieldResolver resolver;

  public CoreRelocator(Btf local, KernelBtf target) {
    this.local = local;
    this.target = target;
    this.resolver = new FieldResolver(local, target);
  }

  /** What one relocation became. */
  public record Resolution(
      int instructionOffset,
      int kind,
      String localPath,
      String accessString,
      String targetPath,
      boolean resolved,
      long value,
      long fieldSize,
      String javaLine) {
    @Override
    public String toString() {
      return String.format(
          java.util.Locale.ROOT,
          "insn %d: <%s> %s (%s) -> %s",
          instructionOffset,
          CoreRelocationKind.name(kind),
          localPath,
          accessString,
          resolved ? targetPath + " = " + value : "missing, " + value);
    }
  }

  /** The relocated program and what each relocation became. */
  public record Result(LinkedProgram program, List<Resolution> resolutions) {
    /** The relocations whose field the kernel lacks and whose instruction was poisoned. */
    public List<Resolution> poisoned() {
      return resolutions.stream()
          .filter(r -> !r.resolved() && r.kind() != CoreRelocationKind.FIELD_EXISTS)
          .toList();
    }
  }

  /** Relocates {@code p}; a program without CO-RE relocations comes back as it is. */
  public Result relocate(LinkedProgram p) {
    if (p.coreRelocations().isEmpty()) {
      return new Result(p, List.of());
    }
    byte[] insns = p.instructions();
    ByteBuffer code = ByteBuffer.wrap(insns).order(ByteOrder.LITTLE_ENDIAN);
    List<Resolution> out = new ArrayList<>();
    Set<String> guarded = new HashSet<>();
    for (CoreRelocationRecord r : p.coreRelocations()) {
      if (r.kind() == CoreRelocationKind.FIELD_EXISTS) {
        guarded.add(r.typeId() + "/" + r.accessString());
      }
    }
    for (CoreRelocationRecord r : p.coreRelocations()) {
      Resolution res = resolve(p, r);
      out.add(res);
      if (!res.resolved() && r.kind() != CoreRelocationKind.FIELD_EXISTS) {
        if (!guarded.contains(r.typeId() + "/" + r.accessString())) {
          throw missingField(p, res);
        }
        poison(code, r.instructionOffset());
      } else {
        patch(p, code, r, res);
      }
    }
    return new Result(p.withInstructions(insns), out);
  }

  private Resolution resolve(LinkedProgram p, CoreRelocationRecord r) {
    int kind = r.kind();
    if (kind > CoreRelocationKind.FIELD_RSHIFT_U64) {
      throw new BpfException(
          0,
          "program "
              + p.name()
              + ": CO-RE relocation kind "
              + CoreRelocationKind.name(kind)
              + " is not supported by bpf4j's loader yet (field kinds are)");
    }
    BtfType localType = local.type(r.typeId());
    FieldResolver.LocalSpec spec = resolver.local(r.typeId(), r.accessString());
    String line = javaLine(p, r.instructionOffset());
    Long value = null;
    String targetPath = null;
    long fieldSize = -1;
    for (int candidate : target.composites(CoreNames.essential(localType.name()))) {
      boolean sameKind =
          (localType instanceof BtfType.Struct)
              == (target.kind(candidate) == KernelBtf.KIND_STRUCT);
      if (!sameKind) {
        continue;
      }
      FieldResolver.TargetField f = resolver.match(r.typeId(), r.accessString(), candidate);
      if (f == null) {
        continue;
      }
      long v = value(p, kind, f, spec, line);
      if (value != null && value != v) {
        throw new BpfException(
            0,
            String.format(
                "program %s: CO-RE relocation of %s (%s) is ambiguous: kernel structs %s give %d"
                    + " and %d (%s)",
                p.name(),
                spec.path(),
                CoreRelocationKind.name(kind),
                target.name(candidate),
                value,
                v,
                line));
      }
      value = v;
      targetPath = f.path();
      fieldSize = f.bitfieldSize() != 0 ? -1 : target.sizeOf(f.type());
    }
    if (value == null) {
      return new Resolution(
          r.instructionOffset(), kind, spec.path(), r.accessString(), null, false, 0, -1, line);
    }
    return new Resolution(
        r.instructionOffset(),
        kind,
        spec.path(),
        r.accessString(),
        targetPath,
        true,
        value,
        fieldSize,
        line);
  }

  private long value(
      LinkedProgram p,
      int kind,
      FieldResolver.TargetField f,
      FieldResolver.LocalSpec spec,
      String line) {
    boolean bitfield = f.bitfieldSize() != 0 || (f.bitOffset() & 7) != 0;
    switch (kind) {
      case CoreRelocationKind.FIELD_EXISTS:
        return 1;
      case CoreRelocationKind.FIELD_BYTE_OFFSET:
        if (bitfield) {
          throw new BpfException(
              0,
              "program "
                  + p.name()
                  + " reads "
                  + spec.path()
                  + ", which this kernel has as a bitfield ("
                  + f.path()
                  + "); bpf4j views cannot read bitfields yet ("
                  + line
                  + ")");
        }
        return f.bitOffset() / 8;
      case CoreRelocationKind.FIELD_BYTE_SIZE:
        return bitfield ? (f.bitfieldSize() + 7) / 8 : target.sizeOf(f.type());
      case CoreRelocationKind.FIELD_SIGNED:
        {
          int t = target.skipModifiers(f.type());
          return target.kind(t) == KernelBtf.KIND_INT && target.isSignedInt(t) ? 1 : 0;
        }
      default:
        throw new BpfException(
            0, "CO-RE kind " + CoreRelocationKind.name(kind) + " is not supported yet");
    }
  }

  private void patch(LinkedProgram p, ByteBuffer code, CoreRelocationRecord r, Resolution res) {
    int at = r.instructionOffset() * 8;
    if (at < 0 || at + 8 > code.capacity()) {
      throw new BpfException(
          0,
          "program "
              + p.name()
              + ": CO-RE relocation of instruction "
              + r.instructionOffset()
              + " outside the program");
    }
    int opcode = code.get(at) & 0xff;
    int cls = opcode & 0x07;
    long value = res.value();
    switch (cls) {
      case CLASS_LDX, CLASS_ST, CLASS_STX -> {
        if (r.kind() != CoreRelocationKind.FIELD_BYTE_OFFSET
            || value > Short.MAX_VALUE
            || value < Short.MIN_VALUE) {
          throw badPatch(p, res, "a load/store offset");
        }
        checkAccessSize(p, code, at, opcode, res);
        code.putShort(at + 2, (short) value);
      }
      case CLASS_ALU, CLASS_ALU64 -> {
        if ((opcode & 0x08) != 0 || value > Integer.MAX_VALUE) {
          throw badPatch(p, res, "an ALU immediate");
        }
        code.putInt(at + 4, (int) value);
      }
      case CLASS_LD -> {
        if (opcode != 0x18 || at + 16 > code.capacity()) {
          throw badPatch(p, res, "an ld_imm64");
        }
        code.putInt(at + 4, (int) value);
        code.putInt(at + 12, (int) (value >>> 32));
      }
      default -> throw badPatch(p, res, "this instruction");
    }
  }

  /**
   * A direct load must read the whole field: a view field of another size than the kernel's would
   * read part of it (libbpf silently changes the load's size; bpf4j says so instead).
   */
  private void checkAccessSize(
      LinkedProgram p, ByteBuffer code, int at, int opcode, Resolution res) {
    int size =
        switch (opcode & 0x18) {
          case 0x00 -> 4;
          case 0x08 -> 2;
          case 0x10 -> 1;
          default -> 8;
        };
    long kernelSize = res.fieldSize();
    if (kernelSize > 0 && kernelSize != size) {
      throw new BpfException(
          0,
          "program "
              + p.name()
              + " reads "
              + res.localPath()
              + " as "
              + size
              + " bytes, but this kernel's "
              + res.targetPath()
              + " has "
              + kernelSize
              + ": declare the view field with the kernel's size ("
              + res.javaLine()
              + ")");
    }
  }

  private static void poison(ByteBuffer code, int instructionOffset) {
    int at = instructionOffset * 8;
    code.put(at, (byte) 0x85); // BPF_JMP | BPF_CALL
    code.put(at + 1, (byte) 0);
    code.putShort(at + 2, (short) 0);
    code.putInt(at + 4, POISON_HELPER);
  }

  private static BpfException badPatch(LinkedProgram p, Resolution res, String what) {
    return new BpfException(
        0,
        "program "
            + p.name()
            + ": CO-RE relocation "
            + res
            + " cannot be applied to "
            + what
            + " ("
            + res.javaLine()
            + ")");
  }

  /** The message of a read of a field the kernel lacks. */
  static BpfException missingField(LinkedProgram p, Resolution res) {
    int dot = res.localPath().indexOf('.');
    String struct = dot < 0 ? res.localPath() : res.localPath().substring(0, dot);
    String field = dot < 0 ? "" : res.localPath().substring(dot + 1);
    return new BpfException(
        0,
        "program "
            + p.name()
            + " reads struct "
            + struct
            + " field "
            + field
            + " at "
            + res.javaLine()
            + ", but this kernel's struct "
            + CoreNames.essential(struct)
            + " has no such field; guard the read with Core.exists(...) or remove the field from"
            + " the view");
  }

  /** {@code File.java:line} of the instruction, from the program's line_info. */
  static String javaLine(LinkedProgram p, int instructionOffset) {
    LineInfoRecord best = null;
    for (LineInfoRecord l : p.lineInfo()) {
      if (l.instructionOffset() <= instructionOffset
          && (best == null || l.instructionOffset() >= best.instructionOffset())) {
        best = l;
      }
    }
    return best == null ? "instruction " + instructionOffset : best.fileName() + ":" + best.line();
  }
}
