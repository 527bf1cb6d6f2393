package io.bpf4j.object;

import io.bpf4j.object.btf.Btf;
import io.bpf4j.object.btf.BtfWriter;
import io.bpf4j.object.link.FuncInfoRecord;
import io.bpf4j.object.link.LineInfoRecord;
import io.bpf4j.object.link.LinkedProgram;
import io.bpf4j.object.link.MapReference;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What {@link ObjectReader} gives back for a {@code .bpf.o}: the read half of the pair whose write
 * half is {@link ObjectSpec}. Both hold the object's license, its {@link MapSpec}s and its BTF;
 * where the spec has functions with symbolic code, this has programs already linked with their
 * subprograms and relocated, which is what libbpf's {@code bpf_object__open} and its relocation
 * step compute before the first system call. A loader creates the {@link #maps()} (writing internal
 * maps' initial data and freezing {@code .rodata}), loads {@link #btf()} if there is one, fills the
 * map file descriptors into each program's {@link MapReference}s and loads the {@link #programs()}.
 *
 * @param license the {@code license} section's string, or "" when the object has none (the kernel
 *     then refuses GPL-only helpers)
 * @param programs the programs in section order, and by offset within a section, each linked with
 *     its subprograms
 * @param maps the {@code .maps} maps in their BTF order, then the internal maps in section order
 * @param btf the object's BTF with libbpf's fix-ups applied, ready to encode for {@code
 *     BPF_BTF_LOAD}; null when the object has no {@code .BTF}. Type ids are those of the object, so
 *     {@link FuncInfoRecord}s and map type ids refer into it. The table is mutable: do not change
 *     it
 * @param encodedBtf {@link #btf()} as {@link #encodeBtf()} gives it, when the reader already
 *     encoded it (to check that it can be): kept so that a load does not encode it again; null to
 *     encode on demand
 */
public record LinkedObject(
    String license,
    List<LinkedProgram> programs,
    List<MapSpec> maps,
    Btf btf,
    BtfWriter.Encoded encodedBtf) {

  public LinkedObject {
    programs = List.copyOf(programs);
    maps = List.copyOf(maps);
  }

  /** An object whose BTF (if any) is encoded on demand. */
  public LinkedObject(String license, List<LinkedProgram> programs, List<MapSpec> maps, Btf btf) {
    this(license, programs, maps, btf, null);
  }

  /** The program with the given name. */
  public Optional<LinkedProgram> program(String name) {
    return programs.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** The map with the given {@link MapSpec#name()}. */
  public Optional<MapSpec> map(String name) {
    return maps.stream().filter(m -> m.name().equals(name)).findFirst();
  }

  /**
   * The internal map holding global variable {@code name} (a {@link DataVariable#global()} one).
   */
  public Optional<MapSpec> mapOfVariable(String name) {
    return maps.stream()
        .filter(m -> m.variable(name).filter(DataVariable::global).isPresent())
        .findFirst();
  }

  /**
   * This object with global variable {@code name} starting as {@code value} instead of its value in
   * the object: the hook behind libbpf's "set {@code .rodata} between open and load". The bytes are
   * the variable's, in the target's (little-endian) layout.
   *
   * @throws IllegalArgumentException when no internal map has a global variable of that name, or
   *     {@code value} is not exactly the variable's size
   */
  public LinkedObject withVariable(String name, byte[] value) {
    MapSpec map =
        mapOfVariable(name)
            .orElseThrow(
                () -> new IllegalArgumentException("the object has no global variable " + name));
    DataVariable v = map.variable(name).orElseThrow();
    if (value.length != v.size()) {
      throw new IllegalArgumentException(
          "variable " + name + " has " + v.size() + " bytes, not " + value.length);
    }
    byte[] data = java.util.Arrays.copyOf(map.initialData(), map.valueSize());
    System.arraycopy(value, 0, data, v.offset(), value.length);
    return withMap(map.withInitialData(data));
  }

  /** This object with {@code map} in place of the map of the same name. */
  public LinkedObject withMap(MapSpec map) {
    List<MapSpec> replaced = new ArrayList<>(maps.size());
    boolean found = false;
    for (MapSpec m : maps) {
      boolean same = m.name().equals(map.name());
      found |= same;
      replaced.add(same ? map : m);
    }
    if (!found) {
      throw new IllegalArgumentException("the object has no map " + map.name());
    }
    return new LinkedObject(license, programs, replaced, btf, encodedBtf);
  }

  /** Whether there is BTF to load. */
  public boolean hasBtf() {
    return btf != null;
  }

  /**
   * Encodes {@link #btf()} for {@code BPF_BTF_LOAD}. The string section holds, besides the types'
   * names, every file name and line text of the programs' line_info, so that {@link
   * BtfWriter.Encoded#offsetOf} gives their {@code file_name_off} and {@code line_off}.
   *
   * @throws IllegalStateException when the object has no BTF
   */
  public BtfWriter.Encoded encodeBtf() {
    if (encodedBtf != null) {
      // A copy: the caller may do what it likes with the bytes.
      return new BtfWriter.Encoded(encodedBtf.bytes().clone(), encodedBtf.stringOffsets());
    }
    return encodeBtf(List.of());
  }

  /**
   * Like {@link #encodeBtf()}, with {@code extraStrings} added to the string section after the
   * line_info strings.
   *
   * @throws IllegalStateException when the object has no BTF
   */
  public BtfWriter.Encoded encodeBtf(Collection<String> extraStrings) {
    if (btf == null) {
      throw new IllegalStateException("the object has no BTF");
    }
    return BtfWriter.write(btf, btfStrings(programs, extraStrings));
  }

  /** The encoded BTF's bytes, as {@link #encodeBtf()} gives them. */
  public byte[] btfBytes() {
    return encodeBtf().bytes();
  }

  private static List<String> btfStrings(
      List<LinkedProgram> programs, Collection<String> extraStrings) {
    Set<String> strings = new LinkedHashSet<>();
    for (LinkedProgram p : programs) {
      for (LineInfoRecord l : p.lineInfo()) {
        strings.add(l.fileName());
        strings.add(l.lineText());
      }
    }
    strings.addAll(extraStrings);
    return new ArrayList<>(strings);
  }
}
