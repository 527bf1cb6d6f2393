package io.bpf4j.annotations;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A view of kernel struct {@link #value()}: the class's instance fields name a subset of that
 * struct's fields by their kernel names, each a primitive of the kernel field's size, another
 * {@code @KernelStruct} class (a pointer to that struct), or a primitive array for a fixed array
 * whose length the initializer gives ({@code byte[] comm = new byte[16];}).
 *
 * <p>In BPF code a field read compiles to a CO-RE relocated access (a {@code bpf_core_relo} record
 * in {@code .BTF.ext}, as clang writes for {@code BPF_CORE_READ}), which the loader (bpf4j's
 * runtime or libbpf) resolves against the running kernel's BTF, so one object reads the field
 * wherever the kernel keeps it. Reads through a BTF-typed pointer (the arguments of {@code tp_btf},
 * {@code fentry}, {@code fexit} and {@code lsm} programs, {@code Bpf.currentTask}) are direct
 * loads; others go through {@code bpf_probe_read_kernel}. The fields are read-only. Bitfields are
 * not supported yet.
 *
 * <p>A name may carry a libbpf flavor suffix ({@code "task_struct___v5"}): it is ignored when the
 * loader looks the struct up, so two views of one struct with different fields can coexist.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface KernelStruct {
  /** The kernel struct's name, as in the kernel's BTF ({@code task_struct}). */
  String value();
}
