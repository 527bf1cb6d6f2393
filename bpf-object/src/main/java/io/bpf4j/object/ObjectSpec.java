package io.bpf4j.object;

import io.bpf4j.object.btf.Btf;
import java.util.List;

/**
 * What a {@code .bpf.o} says: its functions, maps, global variables, read-only data and license,
 * with the BTF types they refer to. {@link ObjectWriter} turns it into ELF bytes.
 *
 * @param license the {@code license} section's string
 * @param functions programs and subprograms, in output order
 * @param maps the maps of {@code .maps}, in output order
 * @param rodata the string constants that start the {@code .rodata} section, possibly empty
 * @param btf the BTF types that functions, maps and variables refer to by id; the writer adds the
 *     map definitions, variables and data sections itself
 * @param globals the global variables of {@code .data}, {@code .rodata} (after the strings) and
 *     {@code .bss}, in output order
 */
public record ObjectSpec(
    String license,
    List<FunctionSpec> functions,
    List<MapSpec> maps,
    byte[] rodata,
    Btf btf,
    List<GlobalVariableSpec> globals) {
  public ObjectSpec {
    functions = List.copyOf(functions);
    maps = List.copyOf(maps);
    rodata = rodata.clone();
    globals = List.copyOf(globals);
  }

  /** An object without global variables. */
  public ObjectSpec(
      String license, List<FunctionSpec> functions, List<MapSpec> maps, byte[] rodata, Btf btf) {
    this(license, functions, maps, rodata, btf, List.of());
  }
}
