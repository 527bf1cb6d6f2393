package io.bpf4j.object.link;

import static io.bpf4j.object.link.ObjectFunction.CALL;
import static io.bpf4j.object.link.ObjectFunction.LD_IMM64;

import io.bpf4j.object.ObjectFormatException;
import io.bpf4j.object.elf.Elf;
import io.bpf4j.object.elf.ElfFile;
import io.bpf4j.object.elf.Relocation;
import io.bpf4j.object.elf.Section;
import io.bpf4j.object.elf.Symbol;
import io.bpf4j.object.insn.Opcode;
import io.bpf4j.object.link.RelocationTarget.CallTarget;
import io.bpf4j.object.link.RelocationTarget.DataTarget;
import io.bpf4j.object.link.RelocationTarget.FunctionAddress;
import io.bpf4j.object.link.RelocationTarget.MapTarget;

/**
 * Reads the relocations of an object's executable sections into {@link ObjectFunction#relocations}:
 * what each relocated call or {@code ld_imm64} refers to, a subprogram, a map or a variable of a
 * data section. Kfuncs and extern variables are refused here.
 */
final class ProgramRelocations {
  private final ElfFile elf;
  private final ObjectSections sections;
  private final ObjectFunctions functions;
  private final ObjectMaps maps;

  ProgramRelocations(
      ElfFile elf, ObjectSections sections, ObjectFunctions functions, ObjectMaps maps) {
    this.elf = elf;
    this.sections = sections;
    this.functions = functions;
    this.maps = maps;
  }

  /** libbpf's {@code bpf_object__collect_prog_relos} and {@code bpf_program__record_reloc}. */
  void collect() {
    for (Section s : sections.executable) {
      for (Relocation r : elf.relocationsFor(s.index())) {
        Symbol sym = elf.symbol(r.symbolIndex());
        if (r.type() == Elf.R_BPF_NONE) {
          continue;
        }
        if (r.offset() % 8 != 0) {
          throw new ObjectFormatException(
              "relocation in section '"
                  + s.name()
                  + "' at offset "
                  + r.offset()
                  + " is not on an instruction");
        }
        int slot = (int) (r.offset() / 8);
        ObjectFunction f = functions.at(s.index(), slot);
        if (f == null) {
          continue; // libbpf ignores relocations outside any function too
        }
        int local = slot - f.start;
        RelocationTarget target = target(f, local, sym, r.type());
        if (f.relocations.put(local, target) != null) {
          throw new ObjectFormatException(
              "function '" + f.name + "': two relocations for instruction " + local);
        }
      }
    }
  }

  private RelocationTarget target(ObjectFunction f, int slot, Symbol sym, int relocationType) {
    int opcode = f.opcode(slot);
    int src = f.srcRegister(slot);
    String what =
        "function '"
            + f.name
            + "', instruction "
            + slot
            + ": relocation against '"
            + symbolName(sym)
            + "'";
    if (opcode != CALL && opcode != LD_IMM64) {
      throw new ObjectFormatException(
          what
              + " on an instruction that is neither a call nor ld_imm64 (opcode 0x"
              + Integer.toHexString(opcode)
              + ")");
    }
    int expectedType = opcode == CALL ? Elf.R_BPF_64_32 : Elf.R_BPF_64_64;
    if (relocationType != expectedType) {
      throw new ObjectFormatException(what + " has unsupported relocation type " + relocationType);
    }
    boolean extern =
        sym.sectionIndex() == Elf.SHN_UNDEF
            && (sym.bind() == Elf.STB_GLOBAL || sym.bind() == Elf.STB_WEAK)
            && sym.type() == Elf.STT_NOTYPE;
    if (extern) {
      throw new ObjectFormatException(
          what
              + (opcode == CALL ? ": calls of kfuncs" : ": extern variables (__ksym, __kconfig)")
              + " are not supported");
    }
    if (opcode == CALL) {
      if (src != Opcode.PSEUDO_CALL) {
        throw new ObjectFormatException(what + ": a relocated call must be a BPF-to-BPF call");
      }
      if (sections.textIndex < 0 || sym.sectionIndex() != sections.textIndex) {
        throw new ObjectFormatException(what + ": callees must be in .text");
      }
      if (sym.value() % 8 != 0) {
        throw new ObjectFormatException(what + ": callee is not on an instruction");
      }
      return new CallTarget(sym.value());
    }
    int shndx = sym.sectionIndex();
    if (shndx == Elf.SHN_UNDEF || shndx >= Elf.SHN_LORESERVE) {
      throw new ObjectFormatException(what + ": symbol is in no section (uninitialized global?)");
    }
    boolean subprogram =
        shndx == sections.textIndex
            && ((sym.bind() == Elf.STB_LOCAL && sym.type() == Elf.STT_SECTION)
                || (sym.bind() == Elf.STB_GLOBAL && sym.type() == Elf.STT_FUNC));
    if (subprogram) {
      int imm = f.imm(slot);
      if (sym.value() % 8 != 0 || imm % 8 != 0) {
        throw new ObjectFormatException(what + ": function address is not on an instruction");
      }
      return new FunctionAddress(sym.value());
    }
    if (sections.maps != null && shndx == sections.maps.index()) {
      UserMap m = maps.userMapsByOffset.get(sym.value());
      if (m != null) {
        return new MapTarget(m.definition().name());
      }
      throw new ObjectFormatException(what + ": no map at offset " + sym.value() + " of .maps");
    }
    String map = maps.internalMapBySection.get(shndx);
    if (map != null) {
      return new DataTarget(map, sym.value());
    }
    String section = elf.sections().get(shndx).name();
    throw new ObjectFormatException(
        what + ": section '" + section + "' holds neither maps nor global variables");
  }

  private String symbolName(Symbol sym) {
    if (sym.type() == Elf.STT_SECTION && sym.name().isEmpty()) {
      int shndx = sym.sectionIndex();
      if (shndx > 0 && shndx < elf.sections().size()) {
        return elf.sections().get(shndx).name();
      }
    }
    return sym.name();
  }
}
