package io.bpf4j.object.link;

import io.bpf4j.object.DataVariable;
import io.bpf4j.object.MapSpec;
import io.bpf4j.object.ObjectFormatException;
import io.bpf4j.object.btf.Btf;
import io.bpf4j.object.btf.BtfType;
import io.bpf4j.object.elf.ElfFile;
import io.bpf4j.object.elf.Relocation;
import io.bpf4j.object.elf.Section;
import io.bpf4j.object.elf.Symbol;
import io.bpf4j.object.kernel.MapType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The maps of an object, as libbpf's {@code bpf_object__init_maps} makes them: the BTF-defined maps
 * of {@code .maps} ({@link BtfMapDefinitions}) with the initial slots of prog arrays, then an
 * internal array map of each {@code .rodata}, {@code .data} and {@code .bss} section (see {@link
 * MapSpec} for their names). Program relocations look maps up here.
 */
final class ObjectMaps {
  private final ElfFile elf;
  private final ObjectSections sections;
  private final Btf btf;
  private final ObjectFunctions functions;
  private final String objectName;

  /** The user maps, then the internal maps. */
  final List<MapSpec> all = new ArrayList<>();

  private final List<UserMap> userMaps = new ArrayList<>();

  /** The user maps by the offset of their definition in .maps. */
  final Map<Long, UserMap> userMapsByOffset = new HashMap<>();

  private final TreeMap<Long, UserMap> userMapsByStart = new TreeMap<>();

  /** The internal map of each data section, by section index. */
  final Map<Integer, String> internalMapBySection = new HashMap<>();

  /** Each map's value size, by name. */
  final Map<String, Integer> valueSizes = new HashMap<>();

  private ObjectMaps(
      ElfFile elf, ObjectSections sections, Btf btf, ObjectFunctions functions, String objectName) {
    this.elf = elf;
    this.sections = sections;
    this.btf = btf;
    this.functions = functions;
    this.objectName = objectName;
  }

  static ObjectMaps read(
      ElfFile elf, ObjectSections sections, Btf btf, ObjectFunctions functions, String objectName) {
    ObjectMaps maps = new ObjectMaps(elf, sections, btf, functions, objectName);
    maps.readUserMaps(maps.all);
    maps.readInternalMaps(maps.all);
    checkUniqueNames(maps.all);
    return maps;
  }

  private void readUserMaps(List<MapSpec> maps) {
    if (sections.maps == null) {
      return;
    }
    if (btf == null) {
      throw new ObjectFormatException("section '.maps' needs BTF, but the object has no .BTF");
    }
    int datasecId =
        btf.findByName(BtfType.KIND_DATASEC, ObjectSections.MAPS)
            .orElseThrow(() -> new ObjectFormatException("BTF has no DATASEC '.maps'"));
    BtfType.Datasec sec = (BtfType.Datasec) btf.type(datasecId);
    Map<Long, String[]> slots = new HashMap<>();
    BtfMapDefinitions definitions = new BtfMapDefinitions(btf, sections.maps.size());
    for (BtfType.VarSecinfo vsi : sec.vars()) {
      UserMap m = definitions.parse(vsi);
      userMaps.add(m);
      userMapsByOffset.putIfAbsent(m.offset(), m);
      userMapsByStart.putIfAbsent(m.offset(), m);
    }
    readProgArraySlots(slots);
    for (UserMap m : userMaps) {
      String[] initial = slots.get(m.offset());
      List<String> programs = new ArrayList<>();
      if (initial != null) {
        for (String p : initial) {
          programs.add(p == null ? "" : p);
        }
      }
      MapSpec def = m.definition().withInitialPrograms(programs);
      maps.add(def);
      valueSizes.put(def.name(), def.valueSize());
    }
  }

  /**
   * libbpf's {@code bpf_object__collect_map_relos}, for prog arrays; maps of maps with initial
   * inner maps are refused.
   */
  private void readProgArraySlots(Map<Long, String[]> slots) {
    List<Relocation> relocations = elf.relocationsFor(sections.maps.index());
    for (int k = 0; k < relocations.size(); k++) {
      Relocation r = relocations.get(k);
      Symbol sym = elf.symbol(r.symbolIndex());
      String what = ".maps relocation #" + k + " against '" + sym.name() + "': ";
      Map.Entry<Long, UserMap> candidate = userMapsByStart.floorEntry(r.offset());
      UserMap map = candidate == null ? null : candidate.getValue();
      if (map == null || r.offset() + 8 > map.offset() + map.size()) {
        throw new ObjectFormatException(what + "no map at offset " + r.offset());
      }
      if (map.valuesOffset() < 0) {
        throw new ObjectFormatException(
            what + "map '" + map.definition().name() + "' has no 'values' to initialize");
      }
      if (map.definition().inner() != null) {
        // libbpf would put the map the slot points to into the outer map at load; MapSpec has
        // no place for such slots, so refuse them rather than load an empty outer map.
        throw new ObjectFormatException(
            what
                + "map of maps '"
                + map.definition().name()
                + "' has initial inner maps (.values = { [i] = &map }), which bpf4j does not"
                + " support: leave 'values' empty and put the inner maps in from user space after"
                + " loading");
      }
      ObjectFunction target = functions.programsByName.get(sym.name());
      if (target == null
          || target.section.index() != sym.sectionIndex()
          || (long) target.start * 8 != sym.value()) {
        throw new ObjectFormatException(what + "not a BPF program");
      }
      long relative = r.offset() - map.offset() - map.valuesOffset();
      if (relative < 0 || relative % 8 != 0) {
        throw new ObjectFormatException(what + "not a slot of 'values'");
      }
      long slot = relative / 8;
      int maxEntries = map.definition().maxEntries();
      if (maxEntries >= 0 && slot >= maxEntries) {
        throw new ObjectFormatException(
            what + "slot " + slot + " is beyond max_entries " + maxEntries);
      }
      String[] current = slots.getOrDefault(map.offset(), new String[0]);
      if (current.length <= slot) {
        current = Arrays.copyOf(current, (int) slot + 1);
        slots.put(map.offset(), current);
      }
      current[(int) slot] = target.name;
    }
  }

  private void readInternalMaps(List<MapSpec> maps) {
    for (Map.Entry<Integer, MapSpec.Kind> e : sections.data.entrySet()) {
      Section s = elf.sections().get(e.getKey());
      MapSpec.Kind kind = e.getValue();
      if (s.size() == 0) {
        continue;
      }
      if (s.size() < 0 || s.size() > Integer.MAX_VALUE) {
        throw new ObjectFormatException(
            "section '" + s.name() + "' is too large for a map value: " + s.size() + " bytes");
      }
      int flags = kind == MapSpec.Kind.RODATA ? MapSpec.BPF_F_RDONLY_PROG : 0;
      int valueTypeId = 0;
      List<DataVariable> variables = new ArrayList<>();
      if (btf != null) {
        valueTypeId = btf.findByName(BtfType.KIND_DATASEC, s.name()).orElse(0);
        if (valueTypeId != 0) {
          for (BtfType.VarSecinfo vsi : ((BtfType.Datasec) btf.type(valueTypeId)).vars()) {
            if (btf.type(vsi.type()) instanceof BtfType.Var v) {
              boolean global = v.linkage() != BtfType.Var.STATIC;
              // libbpf: one non-static variable makes the whole section mmapable.
              if (global) {
                flags |= MapSpec.BPF_F_MMAPABLE;
              }
              if (vsi.offset() < 0 || (long) vsi.offset() + vsi.size() > s.size()) {
                throw new ObjectFormatException(
                    "variable '" + v.name() + "' lies outside section '" + s.name() + "'");
              }
              variables.add(new DataVariable(v.name(), vsi.offset(), vsi.size(), v.type(), global));
            }
          }
        }
      }
      byte[] data = kind == MapSpec.Kind.BSS ? new byte[0] : s.data();
      String name = ObjectNames.internalMapName(objectName, s.name());
      maps.add(
          new MapSpec(
              name,
              MapType.ARRAY.kernelId(),
              4,
              (int) s.size(),
              1,
              flags,
              0,
              0,
              MapSpec.PIN_NONE,
              0,
              valueTypeId,
              data,
              kind,
              List.of(),
              variables));
      internalMapBySection.put(s.index(), name);
      valueSizes.put(name, (int) s.size());
    }
  }

  private static void checkUniqueNames(List<MapSpec> maps) {
    Set<String> names = new HashSet<>();
    for (MapSpec m : maps) {
      if (!names.add(m.name())) {
        throw new ObjectFormatException("two maps are named '" + m.name() + "'");
      }
    }
  }
}
