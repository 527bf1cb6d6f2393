package io.bpf4j.annotations;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@code static native} method of a program class: calls kernel helper number {@link #id} (see
 * {@code enum bpf_func_id}). Arguments go in r1-r5 in order; the result is r0.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Helper {
  /** The helper's number. */
  int id();
}
