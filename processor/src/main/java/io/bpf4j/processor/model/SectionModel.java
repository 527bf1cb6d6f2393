package io.bpf4j.processor.model;

import io.bpf4j.object.kernel.ProgramType;

/**
 * A {@code @Section} method: one BPF program.
 *
 * @param methodName the Java method, which is also the program's symbol name
 * @param descriptor the JVM method descriptor
 * @param section the ELF section name
 * @param type the program type the section selects
 */
public record SectionModel(
    String methodName, String descriptor, String section, ProgramType type) {}
