package io.bpf4j.annotations;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Pre-fills slot {@link #index} of the prog-array map {@link #map} with this program, written as
 * the map's {@code values} (libbpf's convention), so libbpf and bpftool wire it as well.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(TailCallTargets.class)
public @interface TailCallTarget {
  /** The name of a {@code PROG_ARRAY} map of the same class. */
  String map();

  /** The slot to fill. */
  int index();
}
