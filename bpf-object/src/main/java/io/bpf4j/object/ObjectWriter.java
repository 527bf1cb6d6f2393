package io.bpf4j.object;

import io.bpf4j.object.btf.Btf;
import io.bpf4j.object.btf.BtfExt;
import io.bpf4j.object.btf.BtfExtWriter;
import io.bpf4j.object.btf.BtfWriter;
import io.bpf4j.object.elf.Elf;
import io.bpf4j.object.elf.ElfWriter;
import io.bpf4j.object.elf.SymbolHandle;
import io.bpf4j.object.insn.CoreMark;
import io.bpf4j.object.insn.EncodedCode;
import io.bpf4j.object.insn.Encoder;
import io.bpf4j.object.insn.LineMark;
import io.bpf4j.object.insn.Relocation;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an {@link ObjectSpec} as a relocatable eBPF ELF object laid out the way clang does and
 * libbpf 1.x expects: one section per program, subprograms in {@code .text}, BTF-defined maps in
 * {@code .maps}, global variables in {@code .data}, {@code .rodata} (after the strings) and {@code
 * .bss} ({@link DataSections}), {@code license}, {@code .BTF} and {@code .BTF.ext}. The output
 * depends only on the spec, so equal specs give byte-identical objects.
 */
public final class ObjectWriter {
  private static final String MAPS = ".maps";
  private static final String LICENSE = "license";

  private ObjectWriter() {}

  /** Writes {@code spec}; its BTF gains the map definitions and data sections. */
  public static byte[] write(ObjectSpec spec) {
    Btf btf = spec.btf();
    ElfWriter elf = new ElfWriter();

    // Lay functions out per section, in spec order.
    Map<String, List<Placed>> sections = new LinkedHashMap<>();
    List<FunctionSpec> ordered = new ArrayList<>();
    spec.functions().stream().filter(FunctionSpec::isSubprogram).forEach(ordered::add);
    spec.functions().stream().filter(f -> !f.isSubprogram()).forEach(ordered::add);
    for (FunctionSpec f : ordered) {
      List<Placed> placed = sections.computeIfAbsent(f.section(), k -> new ArrayList<>());
      int offset = placed.isEmpty() ? 0 : placed.get(placed.size() - 1).end();
      placed.add(new Placed(f, Encoder.encode(f.code()), offset));
    }
    Map<String, Integer> sectionIndex = new LinkedHashMap<>();
    Map<String, SymbolHandle> functionSymbols = new LinkedHashMap<>();
    for (Map.Entry<String, List<Placed>> e : sections.entrySet()) {
      ByteArrayOutputStream code = new ByteArrayOutputStream();
      e.getValue().forEach(p -> code.writeBytes(withFunctionOffsets(p, sections)));
      int idx =
          elf.addSection(
              e.getKey(),
              Elf.SHT_PROGBITS,
              Elf.SHF_ALLOC | Elf.SHF_EXECINSTR,
              code.toByteArray(),
              8,
              0);
      sectionIndex.put(e.getKey(), idx);
      for (Placed p : e.getValue()) {
        functionSymbols.put(
            p.function().name(),
            elf.addSymbol(
                p.function().name(),
                idx,
                p.offset(),
                p.encoded().bytes().length,
                Elf.STT_FUNC,
                p.function().global() ? Elf.STB_GLOBAL : Elf.STB_LOCAL));
      }
    }

    byte[] license = (spec.license() + "\0").getBytes(StandardCharsets.UTF_8);
    int licenseIdx =
        elf.addSection(LICENSE, Elf.SHT_PROGBITS, Elf.SHF_ALLOC | Elf.SHF_WRITE, license, 1, 0);
    elf.addSymbol("_license", licenseIdx, 0, license.length, Elf.STT_OBJECT, Elf.STB_GLOBAL);

    Map<String, SymbolHandle> mapSymbols = new LinkedHashMap<>();
    if (!spec.maps().isEmpty()) {
      MapsBtf.Layout layout = MapsBtf.add(btf, spec.maps());
      int mapsIdx =
          elf.addSection(
              MAPS, Elf.SHT_PROGBITS, Elf.SHF_ALLOC | Elf.SHF_WRITE, new byte[layout.size()], 8, 0);
      for (int i = 0; i < spec.maps().size(); i++) {
        MapSpec m = spec.maps().get(i);
        mapSymbols.put(
            m.name(),
            elf.addSymbol(
                m.name(),
                mapsIdx,
                layout.offsets().get(i),
                layout.sizes().get(i),
                Elf.STT_OBJECT,
                Elf.STB_GLOBAL));
        List<String> slots = m.initialPrograms();
        for (int slot = 0; slot < slots.size(); slot++) {
          if (slots.get(slot).isEmpty()) {
            continue;
          }
          SymbolHandle program = functionSymbols.get(slots.get(slot));
          if (program == null) {
            throw new IllegalArgumentException(
                "map " + m.name() + " slot " + slot + " names unknown program " + slots.get(slot));
          }
          long at = layout.offsets().get(i) + layout.valueOffsets().get(i) + 8L * slot;
          elf.addRelocation(mapsIdx, at, program, Elf.R_BPF_64_ABS64);
        }
      }
    }

    for (GlobalVariableSpec g : spec.globals()) {
      if (mapSymbols.containsKey(g.name())) {
        throw new IllegalArgumentException("global variable " + g.name() + " is also a map");
      }
    }
    DataSections.Written data = DataSections.write(btf, elf, spec.rodata(), spec.globals());
    int rodataIdx = data.rodataIndex();

    for (Map.Entry<String, List<Placed>> e : sections.entrySet()) {
      int idx = sectionIndex.get(e.getKey());
      for (Placed p : e.getValue()) {
        for (Relocation r : p.encoded().relocations()) {
          SymbolHandle target =
              switch (r.kind()) {
                case MAP -> mapSymbols.get(r.symbol());
                case FUNCTION -> functionSymbols.get(r.symbol());
                case FUNCTION_ADDRESS ->
                    sectionIndex.containsKey(FunctionSpec.TEXT_SECTION)
                        ? elf.sectionSymbol(sectionIndex.get(FunctionSpec.TEXT_SECTION))
                        : null;
                case DATA ->
                    r.symbol().equals(DataSections.RODATA) && rodataIdx >= 0
                        ? elf.sectionSymbol(rodataIdx)
                        : data.variables().get(r.symbol());
              };
          if (target == null) {
            throw new IllegalArgumentException(
                "function "
                    + p.function().name()
                    + " refers to unknown "
                    + r.kind().name().toLowerCase()
                    + " "
                    + r.symbol());
          }
          elf.addRelocation(idx, p.offset() + r.byteOffset(), target, r.elfType());
        }
      }
    }

    BtfExt ext = btfExt(sections);
    BtfWriter.Encoded encodedBtf = BtfWriter.write(btf, BtfExtWriter.strings(ext));
    elf.addSection(".BTF", Elf.SHT_PROGBITS, 0, encodedBtf.bytes(), 4, 0);
    elf.addSection(
        ".BTF.ext", Elf.SHT_PROGBITS, 0, BtfExtWriter.write(ext, encodedBtf::offsetOf), 4, 0);
    return elf.write();
  }

  private static BtfExt btfExt(Map<String, List<Placed>> sections) {
    List<BtfExt.FuncInfo> funcs = new ArrayList<>();
    List<BtfExt.LineInfo> lines = new ArrayList<>();
    List<BtfExt.CoreRelo> coreRelos = new ArrayList<>();
    for (Map.Entry<String, List<Placed>> e : sections.entrySet()) {
      for (Placed p : e.getValue()) {
        int base = p.offset() / 8;
        FunctionSpec f = p.function();
        if (f.btfFuncId() != 0) {
          funcs.add(new BtfExt.FuncInfo(e.getKey(), base, f.btfFuncId()));
        }
        int[] slots = p.encoded().slotOfInstruction();
        for (CoreMark mark : f.code().coreMarks()) {
          coreRelos.add(
              new BtfExt.CoreRelo(
                  e.getKey(),
                  base + slots[mark.instructionIndex()],
                  mark.typeId(),
                  mark.accessString(),
                  mark.kind()));
        }
        int lastSlot = -1;
        for (LineMark mark : f.code().lines()) {
          if (mark.instructionIndex() >= slots.length) {
            continue;
          }
          int slot = base + slots[mark.instructionIndex()];
          if (slot == lastSlot) {
            lines.remove(lines.size() - 1);
          }
          lastSlot = slot;
          lines.add(
              new BtfExt.LineInfo(
                  e.getKey(),
                  slot,
                  f.fileName(),
                  f.lineTexts().getOrDefault(mark.line(), ""),
                  mark.line(),
                  mark.column()));
        }
      }
    }
    return new BtfExt(funcs, lines, coreRelos);
  }

  /**
   * The code of {@code p} with each function address's immediate set to the callee's byte offset in
   * {@code .text}, since the relocation names the section symbol (libbpf takes no local function
   * symbols there).
   */
  private static byte[] withFunctionOffsets(Placed p, Map<String, List<Placed>> sections) {
    byte[] bytes = p.encoded().bytes();
    for (Relocation r : p.encoded().relocations()) {
      if (r.kind() != io.bpf4j.object.insn.SymbolRef.Kind.FUNCTION_ADDRESS) {
        continue;
      }
      Placed callee =
          sections.getOrDefault(FunctionSpec.TEXT_SECTION, List.of()).stream()
              .filter(t -> t.function().name().equals(r.symbol()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "function "
                              + p.function().name()
                              + " takes the address of unknown subprogram "
                              + r.symbol()));
      bytes = bytes == p.encoded().bytes() ? bytes.clone() : bytes;
      io.bpf4j.object.bytes.LeWriter.putI32(bytes, r.byteOffset() + 4, callee.offset());
    }
    return bytes;
  }

  private record Placed(FunctionSpec function, EncodedCode encoded, int offset) {
    int end() {
      return offset + encoded.bytes().length;
    }
  }
}
