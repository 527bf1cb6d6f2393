package io.bpf4j.annotations;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static, non-final field of a program class as load-time configuration: libbpf's {@code
 * const volatile} global in {@code .rodata}. User space sets it after opening the object and before
 * loading it; the loader then freezes the {@code .rodata} map, so the verifier reads the value as a
 * constant and prunes the branches it disables. BPF code only reads the field: an assignment in BPF
 * code is a compile error. Types as for {@link Global}; the initializer (constant) is the default.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Config {}
