package io.bpf4j.object;

import io.bpf4j.object.link.ObjectNames;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One map of an eBPF object, with everything {@code BPF_MAP_CREATE} needs: the record that both
 * directions share. {@link ObjectWriter} writes the {@link Kind#USER} maps of an {@link ObjectSpec}
 * into {@code .maps}; {@link ObjectReader} gives every map of an object back in a {@link
 * LinkedObject}. There are two kinds, as in libbpf:
 *
 * <ul>
 *   <li>{@link Kind#USER} maps, defined in the {@code .maps} section with libbpf's BTF syntax
 *       ({@code struct { __uint(type, ...); __uint(max_entries, ...); __type(key, ...);
 *       __type(value, ...); } name SEC(".maps");}). Their name is the C variable's;
 *   <li>internal maps for global variables, which only the reader makes: one {@code
 *       BPF_MAP_TYPE_ARRAY} with a single value per {@code .rodata}, {@code .data} and {@code .bss}
 *       section (and their {@code .rodata.*} ... variants), whose value is the whole section. The
 *       loader writes {@link #initialData()} as element 0 after creating the map; a {@link
 *       Kind#RODATA} map is then frozen ({@code BPF_MAP_FREEZE}) so the verifier can treat its
 *       contents as constants.
 * </ul>
 *
 * <p>Names follow libbpf. An internal map's name is {@code <prefix><section>}, where the section
 * keeps up to 15 characters (at least 7 reserved for it) and the prefix is the start of the object
 * name given to {@link ObjectReader#read(byte[], String)} filling the rest, e.g. {@code
 * bandwidt.rodata} for {@code bandwidth_monitor.o}; sections with a second dot ({@code
 * .rodata.str1.1}) get no prefix, and without an object name there is none either. Characters the
 * kernel does not accept are replaced with {@code _}. A user map's name may be longer than the
 * kernel's 15 characters: pass {@link #kernelName()} to the kernel.
 *
 * @param name the map's name (its symbol), unique within the object; {@link
 *     io.bpf4j.object.link.MapReference}s use it
 * @param type {@code enum bpf_map_type}
 * @param keySize key size in bytes
 * @param valueSize value size in bytes
 * @param maxEntries {@code max_entries}
 * @param flags {@code map_flags}; internal maps get {@link #BPF_F_RDONLY_PROG} for {@code .rodata}
 *     and {@link #BPF_F_MMAPABLE} when a variable in them is not static, as libbpf sets them
 * @param numaNode libbpf's {@code numa_node} (meaningful with {@code BPF_F_NUMA_NODE}), or 0
 * @param mapExtra libbpf's {@code map_extra} (bloom filter hashes, arena address), or 0
 * @param pinning libbpf's {@code pinning}: {@link #PIN_NONE} or {@link #PIN_BY_NAME}
 * @param btfKeyTypeId the BTF type id of the key, or 0 when the map has only a size (prog arrays,
 *     ring buffers); the reader gives 0 also for the map types whose kernel implementation refuses
 *     BTF (prog and perf event arrays, maps of maps, sockmaps, ...), which libbpf creates without
 *     BTF too
 * @param btfValueTypeId the BTF type id of the value, or 0; for internal maps the section's {@code
 *     DATASEC} (0 if the object has none for it)
 * @param initialData the value to store at key 0 of an internal map: the section's bytes; empty for
 *     user maps and for {@code .bss}, whose contents are all zeros as the kernel creates them
 *     (unless {@link #withInitialData} gave it values)
 * @param kind where the map comes from
 * @param initialPrograms for prog arrays whose definition has libbpf's {@code values} member: the
 *     name of the program to store in each slot from 0, or "" (or null, stored as "") for an empty
 *     slot; otherwise empty
 * @param variables for internal maps, the variables of the section's {@code DATASEC} by offset
 *     (empty without BTF); what {@code BpfLoader.config} and {@code GlobalVariable} address by name
 * @param inner for maps of maps ({@code ARRAY_OF_MAPS}, {@code HASH_OF_MAPS}): the shape of the
 *     maps they hold, from the definition's {@code values} member (libbpf's {@code __array(values,
 *     struct { ... })}), named {@code <outer>.inner} as libbpf names it; the loader creates one
 *     such map to pass as {@code inner_map_fd} when it creates the outer map. Null for other maps
 */
public record MapSpec(
    String name,
    int type,
    int keySize,
    int valueSize,
    int maxEntries,
    int flags,
    int numaNode,
    long mapExtra,
    int pinning,
    int btfKeyTypeId,
    int btfValueTypeId,
    byte[] initialData,
    Kind kind,
    List<String> initialPrograms,
    List<DataVariable> variables,
    MapSpec inner) {

  /** {@code BPF_F_RDONLY_PROG}: programs may only read the map. */
  public static final int BPF_F_RDONLY_PROG = 1 << 7;

  /** {@code BPF_F_MMAPABLE}: user space may mmap the map's value. */
  public static final int BPF_F_MMAPABLE = 1 << 10;

  /** libbpf's {@code LIBBPF_PIN_NONE}. */
  public static final int PIN_NONE = 0;

  /** libbpf's {@code LIBBPF_PIN_BY_NAME}: pin under the map's name in the pin root. */
  public static final int PIN_BY_NAME = 1;

  /** The kernel's limit on object names, without the terminating NUL. */
  public static final int KERNEL_NAME_MAX = 15;

  /** Where a map comes from. */
  public enum Kind {
    /** A BTF-defined map of the {@code .maps} section. */
    USER,
    /** The internal map of a {@code .rodata} section: read-only for programs, frozen. */
    RODATA,
    /** The internal map of a {@code .data} section. */
    DATA,
    /** The internal map of a {@code .bss} section, all zeros initially. */
    BSS
  }

  public MapSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    initialData = initialData.clone();
    initialPrograms = List.copyOf(initialPrograms.stream().map(p -> p == null ? "" : p).toList());
    variables = List.copyOf(variables);
  }

  /** A map that holds no maps. */
  public MapSpec(
      String name,
      int type,
      int keySize,
      int valueSize,
      int maxEntries,
      int flags,
      int numaNode,
      long mapExtra,
      int pinning,
      int btfKeyTypeId,
      int btfValueTypeId,
      byte[] initialData,
      Kind kind,
      List<String> initialPrograms,
      List<DataVariable> variables) {
    this(
        name,
        type,
        keySize,
        valueSize,
        maxEntries,
        flags,
        numaNode,
        mapExtra,
        pinning,
        btfKeyTypeId,
        btfValueTypeId,
        initialData,
        kind,
        initialPrograms,
        variables,
        null);
  }

  /** A map without variables (a user map, or an internal map of an object without BTF). */
  public MapSpec(
      String name,
      int type,
      int keySize,
      int valueSize,
      int maxEntries,
      int flags,
      int numaNode,
      long mapExtra,
      int pinning,
      int btfKeyTypeId,
      int btfValueTypeId,
      byte[] initialData,
      Kind kind,
      List<String> initialPrograms) {
    this(
        name,
        type,
        keySize,
        valueSize,
        maxEntries,
        flags,
        numaNode,
        mapExtra,
        pinning,
        btfKeyTypeId,
        btfValueTypeId,
        initialData,
        kind,
        initialPrograms,
        List.of());
  }

  /**
   * A {@link Kind#USER} map of {@code .maps}, as a writer of objects declares it: no NUMA node, no
   * {@code map_extra}, no initial data.
   */
  public MapSpec(
      String name,
      int type,
      int keySize,
      int valueSize,
      int maxEntries,
      int flags,
      int pinning,
      int btfKeyTypeId,
      int btfValueTypeId,
      List<String> initialPrograms) {
    this(
        name,
        type,
        keySize,
        valueSize,
        maxEntries,
        flags,
        0,
        0,
        pinning,
        btfKeyTypeId,
        btfValueTypeId,
        new byte[0],
        Kind.USER,
        initialPrograms);
  }

  /** This map with {@code programs} in its {@link #initialPrograms()} slots. */
  public MapSpec withInitialPrograms(List<String> programs) {
    return new MapSpec(
        name,
        type,
        keySize,
        valueSize,
        maxEntries,
        flags,
        numaNode,
        mapExtra,
        pinning,
        btfKeyTypeId,
        btfValueTypeId,
        initialData,
        kind,
        programs,
        variables,
        inner);
  }

  /**
   * This map with {@code data} as its {@link #initialData()}: how a loader's user sets {@code
   * .rodata} configuration (and initial {@code .data}/{@code .bss} values) before load.
   *
   * @throws IllegalArgumentException unless this is an internal map and {@code data} is exactly
   *     {@link #valueSize()} bytes
   */
  public MapSpec withInitialData(byte[] data) {
    if (!isInternal() || data.length != valueSize) {
      throw new IllegalArgumentException(
          "map " + name + " takes " + valueSize + " bytes of initial data, not " + data.length);
    }
    return new MapSpec(
        name,
        type,
        keySize,
        valueSize,
        maxEntries,
        flags,
        numaNode,
        mapExtra,
        pinning,
        btfKeyTypeId,
        btfValueTypeId,
        data,
        kind,
        initialPrograms,
        variables,
        inner);
  }

  /** This map holding maps shaped like {@code innerMap} (see {@link #inner()}). */
  public MapSpec withInner(MapSpec innerMap) {
    return new MapSpec(
        name,
        type,
        keySize,
        valueSize,
        maxEntries,
        flags,
        numaNode,
        mapExtra,
        pinning,
        btfKeyTypeId,
        btfValueTypeId,
        initialData,
        kind,
        initialPrograms,
        variables,
        innerMap);
  }

  /** The variable named {@code name} of this internal map, if it has one. */
  public java.util.Optional<DataVariable> variable(String name) {
    return variables.stream().filter(v -> v.name().equals(name)).findFirst();
  }

  /** A copy of the initial value. */
  @Override
  public byte[] initialData() {
    return initialData.clone();
  }

  /** Whether this is one of the maps for global variables rather than a {@code .maps} map. */
  public boolean isInternal() {
    return kind != Kind.USER;
  }

  /** Whether the loader must freeze the map after writing {@link #initialData()}. */
  public boolean frozen() {
    return kind == Kind.RODATA;
  }

  /** The name to give the kernel: {@link #name()} cut to {@value #KERNEL_NAME_MAX} characters. */
  public String kernelName() {
    return ObjectNames.kernelName(name);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MapSpec m
        && name.equals(m.name)
        && type == m.type
        && keySize == m.keySize
        && valueSize == m.valueSize
        && maxEntries == m.maxEntries
        && flags == m.flags
        && numaNode == m.numaNode
        && mapExtra == m.mapExtra
        && pinning == m.pinning
        && btfKeyTypeId == m.btfKeyTypeId
        && btfValueTypeId == m.btfValueTypeId
        && Arrays.equals(initialData, m.initialData)
        && kind == m.kind
        && initialPrograms.equals(m.initialPrograms)
        && variables.equals(m.variables)
        && Objects.equals(inner, m.inner);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type, keySize, valueSize, maxEntries, kind)
        + 31 * Arrays.hashCode(initialData);
  }

  @Override
  public String toString() {
    return "MapSpec["
        + name
        + " "
        + kind
        + " type="
        + type
        + " key="
        + keySize
        + " value="
        + valueSize
        + " max_entries="
        + maxEntries
        + " flags=0x"
        + Integer.toHexString(flags)
        + (pinning != 0 ? " pinning=" + pinning : "")
        + " btf="
        + btfKeyTypeId
        + "/"
        + btfValueTypeId
        + (initialData.length > 0 ? " data=" + initialData.length + "B" : "")
        + (initialPrograms.isEmpty() ? "" : " values=" + initialPrograms)
        + (variables.isEmpty()
            ? ""
            : " vars=" + variables.stream().map(DataVariable::name).toList())
        + (inner == null ? "" : " inner=" + inner)
        + "]";
  }
}
