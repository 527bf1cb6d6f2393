package io.bpf4j.object.link;

import static io.bpf4j.object.link.ObjectFunction.CALL;
import static io.bpf4j.object.link.ObjectFunction.LD_IMM64;

import io.bpf4j.object.ObjectFormatException;
import io.bpf4j.object.btf.BtfExt;
import io.bpf4j.object.bytes.LeReader;
import io.bpf4j.object.bytes.LeWriter;
import io.bpf4j.object.insn.Opcode;
import io.bpf4j.object.kernel.ProgramSections;
import io.bpf4j.object.link.RelocationTarget.CallTarget;
import io.bpf4j.object.link.RelocationTarget.DataTarget;
import io.bpf4j.object.link.RelocationTarget.FunctionAddress;
import io.bpf4j.object.link.RelocationTarget.MapTarget;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Links one program with the subprograms it reaches and relocates its map and data references:
 * libbpf's {@code bpf_object__relocate_calls} and {@code bpf_object__relocate_data}. Each
 * subprogram of {@code .text} is appended once, depth first in call order; BPF-to-BPF calls and
 * function addresses get the callee's relative offset, map references their pseudo source register.
 */
final class SubprogramLinker {
  private final ObjectFunction main;
  private final ObjectFunctions functions;
  private final ObjectMaps maps;
  private final BtfExt btfExt;
  private final Map<ObjectFunction, Integer> bases = new LinkedHashMap<>();
  private byte[] out = new byte[0];
  private int length;

  SubprogramLinker(ObjectFunction main, ObjectFunctions functions, ObjectMaps maps, BtfExt btfExt) {
    this.main = main;
    this.functions = functions;
    this.maps = maps;
    this.btfExt = btfExt;
  }

  LinkedProgram link() {
    append(main);
    // Depth first, in call order, each subprogram once: a callee is appended at its first call
    // and its own calls are resolved before the caller's next instruction, as libbpf does.
    record Frame(ObjectFunction function, int slot) {}
    List<Frame> stack = new ArrayList<>();
    stack.add(new Frame(main, 0));
    while (!stack.isEmpty()) {
      Frame top = stack.remove(stack.size() - 1);
      ObjectFunction f = top.function();
      int slot = top.slot();
      if (slot >= f.length()) {
        continue;
      }
      ObjectFunction callee = callee(f, slot);
      int width = f.opcode(slot) == LD_IMM64 ? 2 : 1;
      if (callee == null) {
        stack.add(new Frame(f, slot + width));
        continue;
      }
      if (!bases.containsKey(callee)) {
        append(callee);
        stack.add(new Frame(f, slot)); // come back to this call when the callee is done
        stack.add(new Frame(callee, 0));
        continue;
      }
      int at = bases.get(f) + slot;
      writeImm(at, bases.get(callee) - at - 1);
      if (f.opcode(slot) == LD_IMM64) {
        setSrc(at, Opcode.PSEUDO_FUNC);
      }
      stack.add(new Frame(f, slot + width));
    }
    List<MapReference> mapReferences = new ArrayList<>();
    for (Map.Entry<ObjectFunction, Integer> e : bases.entrySet()) {
      relocateData(e.getKey(), e.getValue(), mapReferences);
    }
    mapReferences.sort(Comparator.comparingInt(MapReference::instructionIndex));
    ProgramSections.Match type = main.match;
    return new LinkedProgram(
        main.name,
        main.section.name(),
        type.programType().kernelId(),
        type.expectedAttachTypeId(),
        type.programFlags(),
        Arrays.copyOf(out, length),
        mapReferences,
        LinkedExtInfo.funcInfo(main, bases, btfExt),
        LinkedExtInfo.lineInfo(main, bases, btfExt),
        LinkedExtInfo.coreRelocations(bases, btfExt));
  }

  private void append(ObjectFunction f) {
    if ((long) length + f.code.length > (long) ObjectLinker.MAX_INSNS * 8) {
      throw new ObjectFormatException(
          "program '"
              + main.name
              + "' would have more than "
              + ObjectLinker.MAX_INSNS
              + " instructions");
    }
    bases.put(f, length / 8);
    if (out.length < length + f.code.length) {
      out = Arrays.copyOf(out, Math.max(out.length * 2, length + f.code.length));
    }
    System.arraycopy(f.code, 0, out, length, f.code.length);
    length += f.code.length;
  }

  /** The subprogram that the instruction at {@code slot} of {@code f} calls or takes, or null. */
  private ObjectFunction callee(ObjectFunction f, int slot) {
    int opcode = f.opcode(slot);
    int src = f.srcRegister(slot);
    int imm = f.imm(slot);
    RelocationTarget target = f.relocations.get(slot);
    long textSlot;
    if (opcode == CALL && src == Opcode.PSEUDO_CALL) {
      int dst = f.dstRegister(slot);
      int off = f.offset(slot);
      if (dst != 0 || off != 0) {
        throw new ObjectFormatException(where(f, slot) + ": malformed BPF-to-BPF call");
      }
      if (target instanceof CallTarget call) {
        textSlot = call.symbolValue() / 8 + imm + 1;
      } else if (target == null && !f.program) {
        // A call inside .text without relocation is relative to the call itself.
        textSlot = (long) f.start + slot + imm + 1;
      } else {
        throw new ObjectFormatException(where(f, slot) + ": BPF-to-BPF call without a relocation");
      }
    } else if (opcode == LD_IMM64 && target instanceof FunctionAddress address) {
      textSlot = (address.symbolValue() + imm) / 8;
    } else if (opcode == LD_IMM64 && src == Opcode.PSEUDO_FUNC) {
      throw new ObjectFormatException(where(f, slot) + ": function address without a relocation");
    } else {
      return null;
    }
    ObjectFunction callee =
        textSlot >= 0 && textSlot <= Integer.MAX_VALUE
            ? functions.textByStart.get((int) textSlot)
            : null;
    if (callee == null) {
      throw new ObjectFormatException(
          where(f, slot)
              + ": calls instruction "
              + textSlot
              + " of .text, where no function starts");
    }
    return callee;
  }

  /** Names an instruction in messages; built only on error, as callee() sees every slot. */
  private static String where(ObjectFunction f, int slot) {
    return "function '" + f.name + "', instruction " + slot;
  }

  private void relocateData(ObjectFunction f, int base, List<MapReference> references) {
    for (Map.Entry<Integer, RelocationTarget> e : f.relocations.entrySet()) {
      int at = base + e.getKey();
      if (e.getValue() instanceof MapTarget m) {
        setSrc(at, Opcode.PSEUDO_MAP_FD);
        writeImm(at, 0);
        references.add(new MapReference(at, m.map(), MapReference.Kind.FD, 0));
      } else if (e.getValue() instanceof DataTarget d) {
        long offset = (long) LeReader.i32At(out, at * 8 + 4) + d.symbolValue();
        int valueSize = maps.valueSizes.get(d.map());
        if (offset < 0 || offset >= valueSize) {
          throw new ObjectFormatException(
              "function '"
                  + f.name
                  + "', instruction "
                  + e.getKey()
                  + ": offset "
                  + offset
                  + " lies outside map '"
                  + d.map()
                  + "' of "
                  + valueSize
                  + " bytes");
        }
        setSrc(at, Opcode.PSEUDO_MAP_VALUE);
        writeImm(at, 0);
        writeImm(at + 1, (int) offset);
        references.add(new MapReference(at, d.map(), MapReference.Kind.VALUE, (int) offset));
      }
    }
  }

  private void writeImm(int slot, int value) {
    LeWriter.putI32(out, slot * 8 + 4, value);
  }

  private void setSrc(int slot, int src) {
    int at = slot * 8 + 1;
    out[at] = (byte) ((out[at] & 0x0f) | src << 4);
  }
}
