package io.bpf4j.processor.model;

import java.util.List;
import java.util.Map;

/**
 * Everything the processor knows of one class with {@code @Section} methods, built from the
 * javax.lang.model elements before the class is compiled.
 *
 * @param internalName the class's JVM internal name
 * @param binaryName the class's binary name ({@code a.b.Outer$Inner}), which names the object
 * @param license the license string
 * @param maps the {@code @Map} fields, by field name, in declaration order
 * @param sections the {@code @Section} methods, in declaration order
 * @param helpers {@code @Helper} natives: name + descriptor to helper id
 * @param structs every {@code @Struct} the class can use, by internal name
 * @param parameterNames the parameter names of every method, by name + descriptor (for BTF)
 * @param globals the {@code @Global} and {@code @Config} fields, by field name, in declaration
 *     order
 */
public record ProgramModel(
    String internalName,
    String binaryName,
    String license,
    Map<String, MapModel> maps,
    List<SectionModel> sections,
    Map<String, Integer> helpers,
    Map<String, StructLayout> structs,
    Map<String, List<String>> parameterNames,
    Map<String, GlobalModel> globals) {

  /** The map declared by field {@code fieldName}, or null. */
  public MapModel mapByField(String fieldName) {
    return maps.get(fieldName);
  }

  /** The {@code @Global} or {@code @Config} field {@code fieldName}, or null. */
  public GlobalModel globalByField(String fieldName) {
    return globals.get(fieldName);
  }
}
