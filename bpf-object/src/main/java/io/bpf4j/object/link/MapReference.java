package io.bpf4j.object.link;

/**
 * An {@code ld_imm64} of a linked program that refers to a map. The reader has already set the
 * instruction's pseudo source register; the loader only has to write the map's file descriptor into
 * the immediate of the first slot, as libbpf does.
 *
 * @param instructionIndex the slot of the {@code ld_imm64} (its first half) in the linked program
 * @param mapName the {@link io.bpf4j.object.MapSpec#name()} of the map
 * @param kind whether the instruction loads the map itself or the address of a value in it
 * @param offset for {@link Kind#VALUE}, the byte offset into the map's value, already stored in the
 *     immediate of the second slot; 0 for {@link Kind#FD}
 */
public record MapReference(int instructionIndex, String mapName, Kind kind, int offset) {

  /** How the instruction refers to the map. */
  public enum Kind {
    /**
     * {@code src_reg = BPF_PSEUDO_MAP_FD}: the instruction loads a pointer to the map, as for
     * {@code bpf_map_lookup_elem(&map, ...)}.
     */
    FD,
    /**
     * {@code src_reg = BPF_PSEUDO_MAP_VALUE}: the instruction loads the address of byte {@link
     * MapReference#offset()} of the map's (only) value, as for a global variable in {@code .data},
     * {@code .rodata} or {@code .bss}.
     */
    VALUE
  }
}
