package io.bpf4j.annotations;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static, non-final field of a program class as a BPF global variable: a primitive, a
 * {@link Struct} or a primitive array whose length its initializer fixes ({@code new long[16]} or
 * {@code {1, 2, 3}}). It lives in {@code .bss} when its initial value is all zeros (no initializer,
 * or {@code = 0}) and in {@code .data} otherwise, as clang places C globals; libbpf (and the bpf4j
 * runtime) creates one {@code BPF_F_MMAPABLE} array map per section, so user space reads and writes
 * the same memory while programs run. BPF code reads and writes the field as any static field; with
 * {@link Atomic} on an {@code int} or {@code long} global, a compound assignment is one atomic
 * instruction. The initializer must be constant: {@code <clinit>} never runs in the kernel.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Global {}
