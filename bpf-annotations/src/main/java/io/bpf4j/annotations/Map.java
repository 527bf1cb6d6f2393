package io.bpf4j.annotations;

import io.bpf4j.lang.MapType;
import io.bpf4j.lang.Pinning;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static field as a BTF-defined map in the object's {@code .maps} section. Key and value
 * types come from the field's generic type ({@code BpfMap<Integer, Counters>}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Map {
  /** The kernel map type. */
  MapType type();

  /** The map's {@code max_entries}. */
  int maxEntries();

  /** The map's name in the object; defaults to the field name. */
  String name() default "";

  /** The map's {@code map_flags}, as the kernel's {@code BPF_F_*} bits. */
  int flags() default 0;

  /** libbpf's {@code pinning} attribute. */
  Pinning pinning() default Pinning.NONE;
}
