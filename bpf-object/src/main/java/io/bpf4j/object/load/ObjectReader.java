package io.bpf4j.object.load;

import io.bpf4j.object.ObjectFormatException;
import io.bpf4j.object.btf.Btf;
import io.bpf4j.object.btf.BtfExt;
import io.bpf4j.object.btf.BtfExtReader;
import io.bpf4j.object.btf.BtfReader;
import io.bpf4j.object.btf.BtfType;
import io.bpf4j.object.btf.BtfWriter;
import io.bpf4j.object.btf.ParsedBtf;
import io.bpf4j.object.elf.Elf;
import io.bpf4j.object.elf.ElfFile;
import io.bpf4j.object.elf.ElfReader;
import io.bpf4j.object.elf.Relocation;
import io.bpf4j.object.elf.Section;
import io.bpf4j.object.elf.Symbol;
import io.bpf4j.object.insn.Decoder;
import io.bpf4j.object.insn.Opcode;
import io.bpf4j.object.kernel.ProgramSections;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a relocatable eBPF object, as clang or {@link io.bpf4j.object.ObjectWriter} write them,
 * into a {@link LoadableObject}: the pure-Java half of a libbpf-compatible loader. It does what
 * libbpf's {@code bpf_object__open} and {@code bpf_object__relocate} do before any system call:
 *
 * <ul>
 *   <li>finds the programs (global functions in executable sections other than {@code .text}) and
 *       the subprograms (functions in {@code .text}), and the program type of each section;
 *   <li>reads the BTF-defined maps of {@code .maps} and makes an internal array map of each {@code
 *       .rodata}, {@code .data} and {@code .bss} section (see {@link MapDefinition} for names);
 *   <li>fixes the BTF up as libbpf does for a current kernel: {@code DATASEC} sizes and the offsets
 *       of global variables, which clang leaves 0, taken from the ELF sections and symbols; {@code
 *       DATASEC} variables sorted by offset; variables and subprograms of hidden visibility made
 *       static;
 *   <li>links every program with the subprograms it calls, resolves BPF-to-BPF calls and function
 *       addresses, marks map references ({@code BPF_PSEUDO_MAP_FD}, {@code BPF_PSEUDO_MAP_VALUE}),
 *       and carries func_info and line_info over, converted to instruction offsets;
 *   <li>reads the initial slots of prog arrays (libbpf's {@code values} member).
 * </ul>
 *
 * <p>Not supported, reported as {@link ObjectFormatException} naming what was found: CO-RE
 * relocations, externs (kfuncs, {@code __ksym}, {@code __kconfig} variables), maps of maps, legacy
 * {@code maps} sections, struct_ops and program types that attach by BTF id ({@code fentry}, {@code
 * lsm}, ...), which need the kernel's BTF.
 *
 * <p>The input is untrusted: whatever the bytes, the reader returns or throws {@link
 * ObjectFormatException}, and its work and memory stay bounded: nearly linear in the input, and
 * linking, which copies subprograms into every program that calls them, is capped at the verifier's
 * 1,000,000 instructions per program.
 */
public final class ObjectReader {

  /** The verifier's limit on a program's instructions ({@code BPF_COMPLEXITY_LIMIT_INSNS}). */
  static final int MAX_INSNS = 1_000_000;

  /** A bound on all linked programs together, so that linking cannot blow an object up. */
  static final int MAX_TOTAL_INSNS = 16 * MAX_INSNS;

  private static final String TEXT = ".text";
  private static final String MAPS = ".maps";
  private static final String LICENSE = "license";

  private static final int LD_IMM64 = Opcode.LD | Opcode.IMM | Opcode.DW;
  private static final int CALL = Opcode.JMP | Opcode.CALL;

  private static final int STV_INTERNAL = 1;
  private static final int STV_HIDDEN = 2;

  /** Map types whose kernel implementation refuses BTF; libbpf creates them without. */
  private static final Set<Integer> NO_BTF_MAP_TYPES =
      Set.of(3, 4, 7, 8, 12, 13, 14, 15, 16, 17, 18, 22, 23, 25, 33);

  private static final Set<Integer> MAP_IN_MAP_TYPES = Set.of(12, 13);

  private final ElfFile elf;
  private final String objectName;

  private Section licenseSection;
  private Section mapsSection;
  private Section btfSection;
  private Section btfExtSection;
  private int textIndex = -1;
  private final List<Section> execSections = new ArrayList<>();
  private final Map<Integer, MapDefinition.Kind> dataSections = new TreeMap<>();

  private Btf btf;
  private BtfExt btfExt;

  /** All functions, ordered by section index and then offset. */
  private final List<Function> functions = new ArrayList<>();

  private final Map<Integer, Function> textByStart = new HashMap<>();
  private final Map<Integer, TreeMap<Integer, Function>> functionsBySection = new HashMap<>();
  private final Map<String, Function> programsByName = new HashMap<>();
  private final List<UserMap> userMaps = new ArrayList<>();
  private final Map<Long, UserMap> userMapsByOffset = new HashMap<>();
  private final TreeMap<Long, UserMap> userMapsByStart = new TreeMap<>();
  private final Map<Integer, String> internalMapBySection = new HashMap<>();
  private final Map<String, Integer> mapValueSizes = new HashMap<>();

  private ObjectReader(ElfFile elf, String objectName) {
    this.elf = elf;
    this.objectName = objectName;
  }

  /**
   * Reads an object, naming internal maps without an object prefix ({@code .rodata}, {@code .data},
   * ...).
   *
   * @throws ObjectFormatException if the object is malformed or uses what the reader does not
   *     support
   */
  public static LoadableObject read(byte[] elf) {
    return read(elf, null);
  }

  /**
   * Reads an object, naming internal maps as libbpf does for an object opened from {@code
   * objectName}: {@code "out/bandwidth_monitor.o"} or {@code "bandwidth_monitor"} give {@code
   * bandwidt.rodata}.
   *
   * @param objectName the object's file name or path, or null for no prefix
   * @throws ObjectFormatException if the object is malformed or uses what the reader does not
   *     support
   */
  public static LoadableObject read(byte[] elf, String objectName) {
    Objects.requireNonNull(elf, "elf");
    return new ObjectReader(ElfReader.read(elf), ObjectNames.objectName(objectName)).run();
  }

  private LoadableObject run() {
    scanSections();
    String license = license();
    readBtf();
    readFunctions();
    assignExtInfo();
    if (btf != null) {
      fixupBtf();
    }
    List<MapDefinition> maps = new ArrayList<>();
    readUserMaps(maps);
    readInternalMaps(maps);
    checkUniqueNames(maps);
    collectProgramRelocations();
    List<LinkedProgram> programs = new ArrayList<>();
    long total = 0;
    for (Function f : functions) {
      if (f.program) {
        LinkedProgram p = new Linker(f).link();
        total += p.instructionCount();
        if (total > MAX_TOTAL_INSNS) {
          throw new ObjectFormatException(
              "the linked programs would have more than " + MAX_TOTAL_INSNS + " instructions");
        }
        programs.add(p);
      }
    }
    BtfWriter.Encoded encoded = null;
    if (btf != null) {
      try {
        encoded = BtfWriter.write(btf, LoadableObject.btfStrings(programs, List.of()));
      } catch (IllegalArgumentException e) {
        throw new ObjectFormatException("BTF cannot be encoded: " + e.getMessage(), e);
      }
    }
    return new LoadableObject(license, programs, maps, btf, encoded);
  }

  // ---- sections ----

  private void scanSections() {
    for (Section s : elf.sections()) {
      if (s.index() == 0) {
        continue;
      }
      String name = s.name();
      switch (name) {
        case LICENSE -> licenseSection = unique(licenseSection, s);
        case "maps" ->
            throw new ObjectFormatException(
                "legacy map definitions in section 'maps' are not supported: define maps in"
                    + " '.maps' with BTF");
        case MAPS -> mapsSection = unique(mapsSection, s);
        case ".BTF" -> btfSection = unique(btfSection, s);
        case ".BTF.ext" -> btfExtSection = unique(btfExtSection, s);
        default -> classify(s);
      }
    }
  }

  private void classify(Section s) {
    String name = s.name();
    if (s.type() == Elf.SHT_PROGBITS && s.size() > 0) {
      if ((s.flags() & Elf.SHF_EXECINSTR) != 0) {
        if (name.equals(TEXT)) {
          if (textIndex >= 0) {
            throw new ObjectFormatException("more than one .text section");
          }
          textIndex = s.index();
        } else if (name.startsWith(".struct_ops")) {
          throw new ObjectFormatException("struct_ops section '" + name + "' is not supported");
        }
        execSections.add(s);
      } else if (isData(name, ".data")) {
        dataSections.put(s.index(), MapDefinition.Kind.DATA);
      } else if (isData(name, ".rodata")) {
        dataSections.put(s.index(), MapDefinition.Kind.RODATA);
      } else if (name.startsWith(".struct_ops") || name.equals(".addr_space.1")) {
        throw new ObjectFormatException("section '" + name + "' is not supported");
      }
    } else if (s.type() == Elf.SHT_NOBITS && isData(name, ".bss")) {
      dataSections.put(s.index(), MapDefinition.Kind.BSS);
    }
  }

  private static boolean isData(String name, String prefix) {
    return name.equals(prefix) || name.startsWith(prefix + ".");
  }

  private static Section unique(Section known, Section found) {
    if (known != null) {
      throw new ObjectFormatException(
          "more than one section named '"
              + found.name()
              + "': "
              + known.index()
              + " and "
              + found.index());
    }
    return found;
  }

  private String license() {
    if (licenseSection == null || licenseSection.type() == Elf.SHT_NOBITS) {
      return "";
    }
    byte[] data = licenseSection.data();
    int end = 0;
    while (end < data.length && data[end] != 0) {
      end++;
    }
    return new String(data, 0, end, StandardCharsets.UTF_8);
  }

  // ---- BTF ----

  private void readBtf() {
    if (btfSection == null) {
      return;
    }
    if (btfSection.type() != Elf.SHT_PROGBITS) {
      throw new ObjectFormatException(".BTF section has type " + btfSection.type());
    }
    ParsedBtf parsed = BtfReader.read(btfSection.data());
    btf = parsed.btf();
    if (btfExtSection != null && btfExtSection.type() == Elf.SHT_PROGBITS) {
      byte[] ext = btfExtSection.data();
      // Line info names the same file, and often the same line, record after record: decode each
      // string once (an object is read again on every load).
      Map<Integer, String> decoded = new HashMap<>();
      btfExt = BtfExtReader.read(ext, offset -> decoded.computeIfAbsent(offset, parsed::stringAt));
      // BtfExtReader checks the header; a non-empty core_relo block means CO-RE relocations.
      int hdrLen = le32(ext, 4);
      if (hdrLen >= 32 && le32(ext, 28) != 0) {
        throw new ObjectFormatException(
            "CO-RE relocations (.BTF.ext core_relo) are not supported: the object uses"
                + " __builtin_preserve_access_index or BPF_CORE_READ");
      }
    }
  }

  private static int le32(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | b[at + 3] << 24;
  }

  /** libbpf's {@code bpf_object_fixup_btf} and the extern checks the kernel would make. */
  private void fixupBtf() {
    Map<String, Symbol> globalObjects = new HashMap<>();
    for (Symbol s : elf.symbols()) {
      if (s.type() == Elf.STT_OBJECT && (s.bind() == Elf.STB_GLOBAL || s.bind() == Elf.STB_WEAK)) {
        globalObjects.putIfAbsent(s.name(), s);
      }
    }
    for (int id = 1; id <= btf.typeCount(); id++) {
      BtfType t = btf.type(id);
      if (t instanceof BtfType.Var v && v.linkage() == BtfType.Var.GLOBAL_EXTERN) {
        throw new ObjectFormatException("extern variable '" + v.name() + "' is not supported");
      }
      if (t instanceof BtfType.Func f && f.linkage() == BtfType.Func.EXTERN) {
        throw new ObjectFormatException(
            "extern function '" + f.name() + "' (a kfunc?) is not supported");
      }
      if (t instanceof BtfType.Datasec d) {
        btf.set(id, fixupDatasec(d, globalObjects));
      }
    }
    // Hidden global subprograms are static as far as the verifier is concerned.
    Map<String, Integer> funcIds = null;
    for (Function f : functions) {
      if (!f.program
          && f.symbol.bind() == Elf.STB_GLOBAL
          && (f.symbol.visibility() == STV_HIDDEN || f.symbol.visibility() == STV_INTERNAL)) {
        if (funcIds == null) {
          funcIds = new HashMap<>();
          for (int id = 1; id <= btf.typeCount(); id++) {
            if (btf.type(id) instanceof BtfType.Func func) {
              funcIds.putIfAbsent(func.name(), id);
            }
          }
        }
        Integer id = funcIds.get(f.name);
        if (id != null) {
          BtfType.Func func = (BtfType.Func) btf.type(id);
          btf.set(id, new BtfType.Func(func.name(), func.protoType(), BtfType.Func.STATIC));
        }
      }
    }
  }

  private BtfType.Datasec fixupDatasec(BtfType.Datasec d, Map<String, Symbol> globalObjects) {
    String name = d.name();
    if (name.equals(".kconfig") || name.equals(".ksyms")) {
      throw new ObjectFormatException("externs (DATASEC " + name + ") are not supported");
    }
    int size = d.size();
    boolean fixOffsets = false;
    if (size == 0) {
      Section s = elf.section(name).orElse(null);
      if (s == null || s.size() == 0) {
        throw new ObjectFormatException(
            "BTF DATASEC '" + name + "' has size 0 and there is no ELF section to take it from");
      }
      if (s.size() < 0 || s.size() > 0xffffffffL) {
        throw new ObjectFormatException("section '" + name + "' is too large for BTF");
      }
      size = (int) s.size();
      fixOffsets = true;
    }
    List<BtfType.VarSecinfo> vars = new ArrayList<>(d.vars().size());
    for (BtfType.VarSecinfo vsi : d.vars()) {
      if (!(btf.type(vsi.type()) instanceof BtfType.Var v)) {
        throw new ObjectFormatException(
            "BTF DATASEC '" + name + "' lists type " + vsi.type() + ", which is not a VAR");
      }
      if (v.linkage() == BtfType.Var.STATIC) {
        vars.add(vsi);
        continue;
      }
      Symbol sym = globalObjects.get(v.name());
      if (sym == null) {
        throw new ObjectFormatException(
            "BTF DATASEC '" + name + "': no ELF symbol for global variable '" + v.name() + "'");
      }
      int offset = vsi.offset();
      if (fixOffsets) {
        if (sym.value() < 0 || sym.value() > 0xffffffffL) {
          throw new ObjectFormatException("symbol '" + sym.name() + "' has a bad value");
        }
        offset = (int) sym.value();
      }
      if (sym.visibility() == STV_HIDDEN || sym.visibility() == STV_INTERNAL) {
        btf.set(vsi.type(), new BtfType.Var(v.name(), v.type(), BtfType.Var.STATIC));
      }
      vars.add(new BtfType.VarSecinfo(vsi.type(), offset, vsi.size()));
    }
    vars.sort(Comparator.comparingLong(v -> Integer.toUnsignedLong(v.offset())));
    return new BtfType.Datasec(name, size, vars);
  }

  // ---- functions ----

  private void readFunctions() {
    Map<Integer, List<Symbol>> functionSymbols = new HashMap<>();
    for (Symbol sym : elf.symbols()) {
      if (sym.type() == Elf.STT_FUNC) {
        functionSymbols.computeIfAbsent(sym.sectionIndex(), k -> new ArrayList<>()).add(sym);
      }
    }
    for (Section s : execSections) {
      byte[] data = s.data();
      List<Function> inSection = new ArrayList<>();
      for (Symbol sym : functionSymbols.getOrDefault(s.index(), List.of())) {
        inSection.add(function(s, data, sym));
      }
      inSection.sort(Comparator.comparingInt(f -> f.start));
      for (int i = 1; i < inSection.size(); i++) {
        Function previous = inSection.get(i - 1);
        Function current = inSection.get(i);
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
      TreeMap<Integer, Function> byStart = new TreeMap<>();
      for (Function f : inSection) {
        functions.add(f);
        byStart.put(f.start, f);
        if (f.program) {
          programsByName.putIfAbsent(f.name, f);
        } else {
          textByStart.put(f.start, f);
        }
      }
      functionsBySection.put(s.index(), byStart);
    }
  }

  private Function function(Section s, byte[] data, Symbol sym) {
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
    boolean program = s.index() != textIndex;
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
    return new Function(sym, s, (int) (value / 8), code, program, match);
  }

  /** Hands each func_info and line_info record to the function it falls in. */
  private void assignExtInfo() {
    if (btfExt == null) {
      return;
    }
    Map<String, TreeMap<Integer, Function>> bySectionName = new HashMap<>();
    for (Section s : execSections) {
      bySectionName.putIfAbsent(s.name(), functionsBySection.get(s.index()));
    }
    for (BtfExt.FuncInfo info : btfExt.funcInfos()) {
      Function f = functionAt(bySectionName.get(info.section()), info.instructionOffset());
      if (f != null) {
        f.funcInfos.add(info);
      }
    }
    for (BtfExt.LineInfo info : btfExt.lineInfos()) {
      Function f = functionAt(bySectionName.get(info.section()), info.instructionOffset());
      if (f != null) {
        f.lineInfos.add(info);
      }
    }
  }

  private static Function functionAt(TreeMap<Integer, Function> functions, int slot) {
    if (functions == null) {
      return null;
    }
    Map.Entry<Integer, Function> entry = functions.floorEntry(slot);
    if (entry == null || slot >= entry.getValue().start + entry.getValue().length()) {
      return null;
    }
    return entry.getValue();
  }

  // ---- maps ----

  private void readUserMaps(List<MapDefinition> maps) {
    if (mapsSection == null) {
      return;
    }
    if (btf == null) {
      throw new ObjectFormatException("section '.maps' needs BTF, but the object has no .BTF");
    }
    int datasecId =
        btf.findByName(BtfType.KIND_DATASEC, MAPS)
            .orElseThrow(() -> new ObjectFormatException("BTF has no DATASEC '.maps'"));
    BtfType.Datasec sec = (BtfType.Datasec) btf.type(datasecId);
    Map<Long, String[]> slots = new HashMap<>();
    for (BtfType.VarSecinfo vsi : sec.vars()) {
      UserMap m = userMap(vsi);
      userMaps.add(m);
      userMapsByOffset.putIfAbsent(m.offset, m);
      userMapsByStart.putIfAbsent(m.offset, m);
    }
    readProgArraySlots(slots);
    for (UserMap m : userMaps) {
      String[] initial = slots.get(m.offset);
      List<String> programs = new ArrayList<>();
      if (initial != null) {
        for (String p : initial) {
          programs.add(p == null ? "" : p);
        }
      }
      MapDefinition d = m.definition;
      MapDefinition def =
          new MapDefinition(
              d.name(),
              d.type(),
              d.keySize(),
              d.valueSize(),
              d.maxEntries(),
              d.flags(),
              d.numaNode(),
              d.mapExtra(),
              d.pinning(),
              d.btfKeyTypeId(),
              d.btfValueTypeId(),
              new byte[0],
              MapDefinition.Kind.USER,
              programs);
      maps.add(def);
      mapValueSizes.put(def.name(), def.valueSize());
    }
  }

  /** libbpf's {@code bpf_object__init_user_btf_map} and {@code parse_btf_map_def}. */
  private UserMap userMap(BtfType.VarSecinfo vsi) {
    BtfType varType = btf.type(vsi.type());
    String name = varType.name();
    if (name.isEmpty()) {
      throw new ObjectFormatException("a map in '.maps' has no name");
    }
    String what = "map '" + name + "': ";
    long offset = Integer.toUnsignedLong(vsi.offset());
    long size = Integer.toUnsignedLong(vsi.size());
    if (offset + size > mapsSection.size()) {
      throw new ObjectFormatException(what + "definition lies outside section '.maps'");
    }
    if (!(varType instanceof BtfType.Var var)) {
      throw new ObjectFormatException(what + "BTF type " + vsi.type() + " is not a VAR");
    }
    if (var.linkage() != BtfType.Var.GLOBAL_ALLOCATED) {
      throw new ObjectFormatException(what + "static maps are not supported");
    }
    if (!(btf.resolve(var.type()) instanceof BtfType.Struct def)) {
      throw new ObjectFormatException(what + "definition is not a struct");
    }
    if (Integer.toUnsignedLong(def.size()) > size) {
      throw new ObjectFormatException(what + "definition is larger than its variable");
    }
    int type = 0;
    int maxEntries = 0;
    int flags = 0;
    int numaNode = 0;
    long mapExtra = 0;
    int pinning = 0;
    long keySize = -1;
    long valueSize = -1;
    int keyTypeId = 0;
    int valueTypeId = 0;
    int valuesOffset = -1;
    List<BtfType.Member> members = def.members();
    for (int i = 0; i < members.size(); i++) {
      BtfType.Member m = members.get(i);
      switch (m.name()) {
        case "type" -> type = intField(what, m);
        case "max_entries" -> maxEntries = intField(what, m);
        case "map_flags" -> flags = intField(what, m);
        case "numa_node" -> numaNode = intField(what, m);
        case "key_size" ->
            keySize = size(what, "key", keySize, Integer.toUnsignedLong(intField(what, m)));
        case "value_size" ->
            valueSize = size(what, "value", valueSize, Integer.toUnsignedLong(intField(what, m)));
        case "key" -> {
          keyTypeId = pointee(what, m);
          keySize = size(what, "key", keySize, btf.sizeOf(keyTypeId));
        }
        case "value" -> {
          valueTypeId = pointee(what, m);
          valueSize = size(what, "value", valueSize, btf.sizeOf(valueTypeId));
        }
        case "values" -> {
          if (i != members.size() - 1) {
            throw new ObjectFormatException(what + "'values' must be the last member");
          }
          if (MAP_IN_MAP_TYPES.contains(type)) {
            throw new ObjectFormatException(what + "maps of maps are not supported");
          }
          if (type != MapDefinition.TYPE_PROG_ARRAY) {
            throw new ObjectFormatException(what + "only prog arrays may have 'values'");
          }
          valueSize = size(what, "value", valueSize, 4);
          checkProgArrayValues(what, m);
          valuesOffset = m.bitOffset() / 8;
        }
        case "pinning" -> {
          pinning = intField(what, m);
          if (pinning != MapDefinition.PIN_NONE && pinning != MapDefinition.PIN_BY_NAME) {
            throw new ObjectFormatException(
                what + "invalid pinning " + Integer.toUnsignedString(pinning));
          }
        }
        case "map_extra" -> mapExtra = longField(what, m);
        default -> throw new ObjectFormatException(what + "unknown field '" + m.name() + "'");
      }
    }
    if (type == 0) {
      throw new ObjectFormatException(what + "map type isn't specified");
    }
    if (NO_BTF_MAP_TYPES.contains(type)) {
      keyTypeId = 0;
      valueTypeId = 0;
    }
    MapDefinition definition =
        new MapDefinition(
            name,
            type,
            (int) Math.max(keySize, 0),
            (int) Math.max(valueSize, 0),
            maxEntries,
            flags,
            numaNode,
            mapExtra,
            pinning,
            keyTypeId,
            valueTypeId,
            new byte[0],
            MapDefinition.Kind.USER,
            List.of());
    return new UserMap(definition, offset, size, valuesOffset);
  }

  private static long size(String what, String field, long known, long size) {
    if (size > 0xffffffffL) {
      throw new ObjectFormatException(what + field + " size " + size + " is too large");
    }
    if (known >= 0 && known != size) {
      throw new ObjectFormatException(
          what + "conflicting " + field + " size " + known + " != " + size);
    }
    return size;
  }

  /** {@code __uint(name, n)}: a pointer to an array of n elements. */
  private int intField(String what, BtfType.Member m) {
    if (!(btf.resolve(m.type()) instanceof BtfType.Ptr ptr)) {
      throw new ObjectFormatException(what + "attribute '" + m.name() + "' is not a pointer");
    }
    if (!(btf.type(ptr.type()) instanceof BtfType.Array array)) {
      throw new ObjectFormatException(
          what + "attribute '" + m.name() + "' does not point to an array");
    }
    return array.count();
  }

  /** {@code __ulong(name, n)}: like {@code __uint}, or an enum whose one value is n. */
  private long longField(String what, BtfType.Member m) {
    BtfType t = btf.resolve(m.type());
    if (t instanceof BtfType.Ptr) {
      return Integer.toUnsignedLong(intField(what, m));
    }
    List<BtfType.EnumValue> values;
    if (t instanceof BtfType.Enum e) {
      values = e.values();
      if (values.size() == 1) {
        return (int) values.get(0).value(); // libbpf reads the __s32 into a __u64
      }
    } else if (t instanceof BtfType.Enum64 e) {
      values = e.values();
      if (values.size() == 1) {
        return values.get(0).value();
      }
    }
    throw new ObjectFormatException(what + "attribute '" + m.name() + "' is not a valid __ulong");
  }

  /** {@code __type(name, T)}: a pointer to T. */
  private int pointee(String what, BtfType.Member m) {
    if (!(btf.type(m.type()) instanceof BtfType.Ptr ptr)) {
      throw new ObjectFormatException(what + m.name() + " spec is not a pointer");
    }
    return ptr.type();
  }

  private void checkProgArrayValues(String what, BtfType.Member m) {
    if (!(btf.type(m.type()) instanceof BtfType.Array array) || array.count() != 0) {
      throw new ObjectFormatException(what + "'values' is not a zero-sized array");
    }
    if (!(btf.resolve(array.elementType()) instanceof BtfType.Ptr ptr)
        || !(btf.resolve(ptr.type()) instanceof BtfType.FuncProto)) {
      throw new ObjectFormatException(what + "'values' is not an array of function pointers");
    }
  }

  /** libbpf's {@code bpf_object__collect_map_relos}, for prog arrays. */
  private void readProgArraySlots(Map<Long, String[]> slots) {
    List<Relocation> relocations = elf.relocationsFor(mapsSection.index());
    for (int k = 0; k < relocations.size(); k++) {
      Relocation r = relocations.get(k);
      Symbol sym = elf.symbol(r.symbolIndex());
      String what = ".maps relocation #" + k + " against '" + sym.name() + "': ";
      Map.Entry<Long, UserMap> candidate = userMapsByStart.floorEntry(r.offset());
      UserMap map = candidate == null ? null : candidate.getValue();
      if (map == null || r.offset() + 8 > map.offset + map.size) {
        throw new ObjectFormatException(what + "no map at offset " + r.offset());
      }
      if (map.valuesOffset < 0) {
        throw new ObjectFormatException(
            what + "map '" + map.definition.name() + "' has no 'values' to initialize");
      }
      Function target = programsByName.get(sym.name());
      if (target == null
          || target.section.index() != sym.sectionIndex()
          || (long) target.start * 8 != sym.value()) {
        throw new ObjectFormatException(what + "not a BPF program");
      }
      long relative = r.offset() - map.offset - map.valuesOffset;
      if (relative < 0 || relative % 8 != 0) {
        throw new ObjectFormatException(what + "not a slot of 'values'");
      }
      long slot = relative / 8;
      int maxEntries = map.definition.maxEntries();
      if (maxEntries >= 0 && slot >= maxEntries) {
        throw new ObjectFormatException(
            what + "slot " + slot + " is beyond max_entries " + maxEntries);
      }
      String[] current = slots.getOrDefault(map.offset, new String[0]);
      if (current.length <= slot) {
        current = Arrays.copyOf(current, (int) slot + 1);
        slots.put(map.offset, current);
      }
      current[(int) slot] = target.name;
    }
  }

  private void readInternalMaps(List<MapDefinition> maps) {
    for (Map.Entry<Integer, MapDefinition.Kind> e : dataSections.entrySet()) {
      Section s = elf.sections().get(e.getKey());
      MapDefinition.Kind kind = e.getValue();
      if (s.size() == 0) {
        continue;
      }
      if (s.size() < 0 || s.size() > Integer.MAX_VALUE) {
        throw new ObjectFormatException(
            "section '" + s.name() + "' is too large for a map value: " + s.size() + " bytes");
      }
      int flags = kind == MapDefinition.Kind.RODATA ? MapDefinition.BPF_F_RDONLY_PROG : 0;
      int valueTypeId = 0;
      if (btf != null) {
        valueTypeId = btf.findByName(BtfType.KIND_DATASEC, s.name()).orElse(0);
        if (valueTypeId != 0) {
          for (BtfType.VarSecinfo vsi : ((BtfType.Datasec) btf.type(valueTypeId)).vars()) {
            if (btf.type(vsi.type()) instanceof BtfType.Var v
                && v.linkage() != BtfType.Var.STATIC) {
              flags |= MapDefinition.BPF_F_MMAPABLE;
              break;
            }
          }
        }
      }
      byte[] data = kind == MapDefinition.Kind.BSS ? new byte[0] : s.data();
      String name = ObjectNames.internalMapName(objectName, s.name());
      maps.add(
          new MapDefinition(
              name,
              MapDefinition.TYPE_ARRAY,
              4,
              (int) s.size(),
              1,
              flags,
              0,
              0,
              MapDefinition.PIN_NONE,
              0,
              valueTypeId,
              data,
              kind,
              List.of()));
      internalMapBySection.put(s.index(), name);
      mapValueSizes.put(name, (int) s.size());
    }
  }

  private static void checkUniqueNames(List<MapDefinition> maps) {
    Set<String> names = new HashSet<>();
    for (MapDefinition m : maps) {
      if (!names.add(m.name())) {
        throw new ObjectFormatException("two maps are named '" + m.name() + "'");
      }
    }
  }

  // ---- program relocations ----

  /** What a relocated instruction refers to. */
  private sealed interface Target {}

  /** A BPF-to-BPF call; the callee is at {@code symbolValue / 8 + imm + 1} in .text. */
  private record CallTarget(long symbolValue) implements Target {}

  /** A function address; the function is at {@code (symbolValue + imm) / 8} in .text. */
  private record FunctionAddress(long symbolValue) implements Target {}

  /** A map of .maps. */
  private record MapTarget(String map) implements Target {}

  /** A variable in a data section's map, at {@code imm + symbolValue}. */
  private record DataTarget(String map, long symbolValue) implements Target {}

  /** libbpf's {@code bpf_object__collect_prog_relos} and {@code bpf_program__record_reloc}. */
  private void collectProgramRelocations() {
    for (Section s : execSections) {
      TreeMap<Integer, Function> inSection = functionsBySection.get(s.index());
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
        Function f = functionAt(inSection, slot);
        if (f == null) {
          continue; // libbpf ignores relocations outside any function too
        }
        int local = slot - f.start;
        Target target = target(f, local, sym, r.type());
        if (f.relocations.put(local, target) != null) {
          throw new ObjectFormatException(
              "function '" + f.name + "': two relocations for instruction " + local);
        }
      }
    }
  }

  private Target target(Function f, int slot, Symbol sym, int relocationType) {
    int opcode = f.code[slot * 8] & 0xff;
    int src = (f.code[slot * 8 + 1] >> 4) & 0xf;
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
      if (textIndex < 0 || sym.sectionIndex() != textIndex) {
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
        shndx == textIndex
            && ((sym.bind() == Elf.STB_LOCAL && sym.type() == Elf.STT_SECTION)
                || (sym.bind() == Elf.STB_GLOBAL && sym.type() == Elf.STT_FUNC));
    if (subprogram) {
      int imm = le32(f.code, slot * 8 + 4);
      if (sym.value() % 8 != 0 || imm % 8 != 0) {
        throw new ObjectFormatException(what + ": function address is not on an instruction");
      }
      return new FunctionAddress(sym.value());
    }
    if (mapsSection != null && shndx == mapsSection.index()) {
      UserMap m = userMapsByOffset.get(sym.value());
      if (m != null) {
        return new MapTarget(m.definition.name());
      }
      throw new ObjectFormatException(what + ": no map at offset " + sym.value() + " of .maps");
    }
    String map = internalMapBySection.get(shndx);
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

  // ---- linking ----

  /** libbpf's {@code bpf_object__relocate_calls} and {@code bpf_object__relocate_data}. */
  private final class Linker {
    private final Function main;
    private final Map<Function, Integer> bases = new LinkedHashMap<>();
    private byte[] out = new byte[0];
    private int length;

    Linker(Function main) {
      this.main = main;
    }

    LinkedProgram link() {
      append(main);
      // Depth first, in call order, each subprogram once: a callee is appended at its first call
      // and its own calls are resolved before the caller's next instruction, as libbpf does.
      record Frame(Function function, int slot) {}
      List<Frame> stack = new ArrayList<>();
      stack.add(new Frame(main, 0));
      while (!stack.isEmpty()) {
        Frame top = stack.remove(stack.size() - 1);
        Function f = top.function();
        int slot = top.slot();
        if (slot >= f.length()) {
          continue;
        }
        Function callee = callee(f, slot);
        int width = (f.code[slot * 8] & 0xff) == LD_IMM64 ? 2 : 1;
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
        if ((f.code[slot * 8] & 0xff) == LD_IMM64) {
          setSrc(at, Opcode.PSEUDO_FUNC);
        }
        stack.add(new Frame(f, slot + width));
      }
      List<MapReference> mapReferences = new ArrayList<>();
      for (Map.Entry<Function, Integer> e : bases.entrySet()) {
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
          funcInfo(),
          lineInfo());
    }

    private void append(Function f) {
      if ((long) length + f.code.length > (long) MAX_INSNS * 8) {
        throw new ObjectFormatException(
            "program '" + main.name + "' would have more than " + MAX_INSNS + " instructions");
      }
      bases.put(f, length / 8);
      if (out.length < length + f.code.length) {
        out = Arrays.copyOf(out, Math.max(out.length * 2, length + f.code.length));
      }
      System.arraycopy(f.code, 0, out, length, f.code.length);
      length += f.code.length;
    }

    /** The subprogram that the instruction at {@code slot} of {@code f} calls or takes, or null. */
    private Function callee(Function f, int slot) {
      int opcode = f.code[slot * 8] & 0xff;
      int src = (f.code[slot * 8 + 1] >> 4) & 0xf;
      int imm = le32(f.code, slot * 8 + 4);
      Target target = f.relocations.get(slot);
      long textSlot;
      if (opcode == CALL && src == Opcode.PSEUDO_CALL) {
        int dst = f.code[slot * 8 + 1] & 0xf;
        int off = (short) ((f.code[slot * 8 + 2] & 0xff) | (f.code[slot * 8 + 3] & 0xff) << 8);
        if (dst != 0 || off != 0) {
          throw new ObjectFormatException(where(f, slot) + ": malformed BPF-to-BPF call");
        }
        if (target instanceof CallTarget call) {
          textSlot = call.symbolValue() / 8 + imm + 1;
        } else if (target == null && !f.program) {
          // A call inside .text without relocation is relative to the call itself.
          textSlot = (long) f.start + slot + imm + 1;
        } else {
          throw new ObjectFormatException(
              where(f, slot) + ": BPF-to-BPF call without a relocation");
        }
      } else if (opcode == LD_IMM64 && target instanceof FunctionAddress address) {
        textSlot = (address.symbolValue() + imm) / 8;
      } else if (opcode == LD_IMM64 && src == Opcode.PSEUDO_FUNC) {
        throw new ObjectFormatException(where(f, slot) + ": function address without a relocation");
      } else {
        return null;
      }
      Function callee =
          textSlot >= 0 && textSlot <= Integer.MAX_VALUE ? textByStart.get((int) textSlot) : null;
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
    private static String where(Function f, int slot) {
      return "function '" + f.name + "', instruction " + slot;
    }

    private void relocateData(Function f, int base, List<MapReference> references) {
      for (Map.Entry<Integer, Target> e : f.relocations.entrySet()) {
        int at = base + e.getKey();
        if (e.getValue() instanceof MapTarget m) {
          setSrc(at, Opcode.PSEUDO_MAP_FD);
          writeImm(at, 0);
          references.add(new MapReference(at, m.map(), MapReference.Kind.FD, 0));
        } else if (e.getValue() instanceof DataTarget d) {
          long offset = (long) le32(out, at * 8 + 4) + d.symbolValue();
          int valueSize = mapValueSizes.get(d.map());
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
      int at = slot * 8 + 4;
      out[at] = (byte) value;
      out[at + 1] = (byte) (value >> 8);
      out[at + 2] = (byte) (value >> 16);
      out[at + 3] = (byte) (value >> 24);
    }

    private void setSrc(int slot, int src) {
      int at = slot * 8 + 1;
      out[at] = (byte) ((out[at] & 0x0f) | src << 4);
    }

    /**
     * libbpf's {@code adjust_prog_btf_ext_info}: a function's records are those of its section that
     * fall inside it. Without records for the main program, libbpf drops them all; without records
     * for a subprogram when the main program has some, it fails.
     */
    private List<FuncInfoRecord> funcInfo() {
      List<FuncInfoRecord> result = new ArrayList<>();
      if (btfExt == null) {
        return result;
      }
      for (Map.Entry<Function, Integer> e : bases.entrySet()) {
        Function f = e.getKey();
        int before = result.size();
        for (BtfExt.FuncInfo info : f.funcInfos) {
          result.add(
              new FuncInfoRecord(info.instructionOffset() - f.start + e.getValue(), info.typeId()));
        }
        if (result.size() == before) {
          if (f == main) {
            return List.of();
          }
          throw new ObjectFormatException(
              "program '" + main.name + "': no func_info for subprogram '" + f.name + "'");
        }
      }
      return result;
    }

    private List<LineInfoRecord> lineInfo() {
      List<LineInfoRecord> result = new ArrayList<>();
      if (btfExt == null) {
        return result;
      }
      for (Map.Entry<Function, Integer> e : bases.entrySet()) {
        Function f = e.getKey();
        int before = result.size();
        for (BtfExt.LineInfo info : f.lineInfos) {
          result.add(
              new LineInfoRecord(
                  info.instructionOffset() - f.start + e.getValue(),
                  info.fileName(),
                  info.lineText(),
                  info.line(),
                  info.column()));
        }
        if (result.size() == before) {
          if (f == main) {
            return List.of();
          }
          throw new ObjectFormatException(
              "program '" + main.name + "': no line_info for subprogram '" + f.name + "'");
        }
      }
      return result;
    }
  }

  // ---- model ----

  /** A function of an executable section: a program, or a subprogram of .text. */
  private static final class Function {
    final String name;
    final Symbol symbol;
    final Section section;
    final int start;
    final byte[] code;
    final boolean program;
    final ProgramSections.Match match;
    final Map<Integer, Target> relocations = new TreeMap<>();

    Function(
        Symbol symbol,
        Section section,
        int start,
        byte[] code,
        boolean program,
        ProgramSections.Match match) {
      this.name = symbol.name();
      this.symbol = symbol;
      this.section = section;
      this.start = start;
      this.code = code;
      this.program = program;
      this.match = match;
    }

    final List<BtfExt.FuncInfo> funcInfos = new ArrayList<>();
    final List<BtfExt.LineInfo> lineInfos = new ArrayList<>();

    int length() {
      return code.length / 8;
    }
  }

  /** A map of .maps and where its definition lies. */
  private record UserMap(MapDefinition definition, long offset, long size, int valuesOffset) {}
}
