package io.bpf4j.object.link;

import io.bpf4j.object.ObjectFormatException;
import io.bpf4j.object.btf.BtfExt;
import io.bpf4j.object.elf.Elf;
import io.bpf4j.object.elf.ElfFile;
import io.bpf4j.object.elf.Section;
import io.bpf4j.object.elf.Symbol;
import io.bpf4j.object.insn.Decoder;
import io.bpf4j.object.kernel.ProgramSections;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The functions of an object's executable sections, as libbpf's {@code bpf_object__init_prog} finds
 * them: programs (global functions in sections other than {@code .text}, each with the program type
 * its section names) and subprograms (the functions of {@code .text}), with the func_info and
 * line_info records that fall inside each.
 */
final class ObjectFunctions {
  private final ElfFile elf;
  private final ObjectSections sections;

  /** All functions, ordered by section index and then offset. */
  final List<ObjectFunction> all = new ArrayList<>();

  /** The subprograms of .text by first slot. */
  final Map<Integer, ObjectFunction> textByStart = new HashMap<>();

  final Map<Integer, TreeMap<Integer, ObjectFunction>> bySection = new HashMap<>();
  final Map<String, ObjectFunction> programsByName = new HashMap<>();

  private ObjectFunctions(ElfFile elf, ObjectSections sections) {
    this.elf = elf;
    this.sections = sections;
  }

  static ObjectFunctions read(ElfFile elf, ObjectSections sections) {
    ObjectFunctions functions = new ObjectFunctions(elf, sections);
    functions.read();
    return functions;
  }

  private void read() {
    Map<Integer, List<Symbol>> functionSymbols = new HashMap<>();
    for (Symbol sym : elf.symbols()) {
      if (sym.type() == Elf.STT_FUNC) {
        functionSymbols.computeIfAbsent(sym.sectionIndex(), k -> new ArrayList<>()).add(sym);
      }
    }
    for (Section s : sections.executable) {
      byte[] data = s.data();
      List<ObjectFunction> inSection = new ArrayList<>();
      for (Symbol sym : functionSymbols.getOrDefault(s.index(), List.of())) {
        inSection.add(function(s, data, sym));
      }
      inSection.sort(Comparator.comparingInt(f -> f.start));
      for (int i = 1; i < inSection.size(); i++) {
        ObjectFunction previous = inSection.get(i - 1);
        ObjectFunction current = inSection.get(i);
        if (current.start < previous.start + previous.length()) {
          throw new ObjectFormatException(
              "functions '"
                  + previous.name
                  + "' and '"
                  + current.name
                  + "' overlap in section '"
                  + s.name()
                  + "'");
        }
      }
      TreeMap<Integer, ObjectFunction> byStart = new TreeMap<>();
      for (ObjectFunction f : inSection) {
        all.add(f);
        byStart.put(f.start, f);
        if (f.program) {
          programsByName.putIfAbsent(f.name, f);
        } else {
          textByStart.put(f.start, f);
        }
      }
      bySection.put(s.index(), byStart);
    }
  }

  private ObjectFunction function(Section s, byte[] data, Symbol sym) {
    String where = "function '" + sym.name() + "' in section '" + s.name() + "'";
    if (sym.name().isEmpty()) {
      throw new ObjectFormatException(
          "a function symbol in section '" + s.name() + "' has no name");
    }
    long value = sym.value();
    long size = sym.size();
    if (value < 0 || size <= 0 || value > data.length || size > data.length - value) {
      throw new ObjectFormatException(
          where
              + " (offset "
              + Long.toUnsignedString(value)
              + ", size "
              + Long.toUnsignedString(size)
              + ") does not lie inside its "
              + data.length
              + "-byte section");
    }
    if (value % 8 != 0 || size % 8 != 0) {
      throw new ObjectFormatException(where + " is not made of whole 8-byte instructions");
    }
    boolean program = s.index() != sections.textIndex;
    if (program && sym.bind() == Elf.STB_LOCAL) {
      throw new ObjectFormatException(where + " is static; programs must be global");
    }
    byte[] code = Arrays.copyOfRange(data, (int) value, (int) (value + size));
    try {
      Decoder.decode(code);
    } catch (ObjectFormatException e) {
      throw new ObjectFormatException(where + ": " + e.getMessage(), e);
    }
    ProgramSections.Match match = null;
    if (program) {
      match =
          ProgramSections.forSection(s.name())
              .orElseThrow(
                  () ->
                      new ObjectFormatException(
                          "program '"
                              + sym.name()
                              + "': section name '"
                              + s.name()
                              + "' names no program type this loader supports"));
    }
    return new ObjectFunction(sym, s, (int) (value / 8), code, program, match);
  }

  /** Hands each func_info and line_info record to the function it falls in. */
  void assignExtInfo(BtfExt btfExt) {
    if (btfExt == null) {
      return;
    }
    Map<String, TreeMap<Integer, ObjectFunction>> bySectionName = new HashMap<>();
    for (Section s : sections.executable) {
      bySectionName.putIfAbsent(s.name(), bySection.get(s.index()));
    }
    for (BtfExt.FuncInfo info : btfExt.funcInfos()) {
      ObjectFunction f = functionAt(bySectionName.get(info.section()), info.instructionOffset());
      if (f != null) {
        f.funcInfos.add(info);
      }
    }
    for (BtfExt.LineInfo info : btfExt.lineInfos()) {
      ObjectFunction f = functionAt(bySectionName.get(info.section()), info.instructionOffset());
      if (f != null) {
        f.lineInfos.add(info);
      }
    }
    for (BtfExt.CoreRelo info : btfExt.coreRelos()) {
      ObjectFunction f = functionAt(bySectionName.get(info.section()), info.instructionOffset());
      if (f != null) {
        f.coreRelos.add(info);
      }
    }
  }

  private static ObjectFunction functionAt(TreeMap<Integer, ObjectFunction> functions, int slot) {
    if (functions == null) {
      return null;
    }
    Map.Entry<Integer, ObjectFunction> entry = functions.floorEntry(slot);
    if (entry == null || slot >= entry.getValue().start + entry.getValue().length()) {
      return null;
    }
    return entry.getValue();
  }

  /** The function of {@code section} that holds {@code slot}, or null. */
  ObjectFunction at(int section, int slot) {
    return functionAt(bySection.get(section), slot);
  }
}
