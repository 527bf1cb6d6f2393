package io.bpf4j.processor.model;

import io.bpf4j.object.kernel.ProgramType;

/**
 * A {@code @Section} method: one BPF program.
 *
 * @param methodName the Java method, which is also the program's symbol name
 * @param descriptor the JVM method descriptor
 * @param section the ELF section name
 * @param type the program type the section selects
 * @param onFault what the program returns where Java would throw ({@code @Section(onFault = ...)})
 */
public record SectionModel(
    String methodName, String descriptor, String section, ProgramType type, int onFault) {
  /** A section that fails with 0, the default. */
  public SectionModel(String methodName, String descriptor, String section, ProgramType type) {
    this(methodName, descriptor, section, type, 0);
  }
}
