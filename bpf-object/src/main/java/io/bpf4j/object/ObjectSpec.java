package io.bpf4j.object;

import io.bpf4j.object.btf.Btf;
import java.util.List;

/**
 * What a {@code .bpf.o} says: its functions, maps, read-only data and license, with the BTF types
 * they refer to. {@link ObjectWriter} turns it into ELF bytes.
 *
 * @param license the {@code license} section's string
 * @param functions programs and subprograms, in output order
 * @param maps the maps of {@code .maps}, in output order
 * @param rodata the {@code .rodata} section (string constants), possibly empty
 * @param btf the BTF types that functions and maps refer to by id; the writer adds the map
 *     definitions, variables and data sections itself
 */
public record ObjectSpec(
    String license, List<FunctionSpec> functions, List<MapSpec> maps, byte[] rodata, Btf btf) {
  public ObjectSpec {
    functions = List.copyOf(functions);
    maps = List.copyOf(maps);
    rodata = rodata.clone();
  }
}
