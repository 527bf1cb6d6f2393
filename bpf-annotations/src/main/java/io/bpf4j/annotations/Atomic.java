package io.bpf4j.annotations;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On an {@code int} or {@code long} field of a {@link Struct}: a compound assignment ({@code +=},
 * {@code -=}, {@code |=}, {@code &=}, {@code ^=}, {@code ++}, {@code --}) on the field compiles to
 * one BPF atomic instruction, so concurrent CPUs never lose an update.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Atomic {}
