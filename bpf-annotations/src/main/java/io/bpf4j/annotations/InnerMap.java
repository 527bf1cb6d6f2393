package io.bpf4j.annotations;

import io.bpf4j.lang.MapType;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The kind and size of the maps a map of maps holds, next to {@code @Map(type = ARRAY_OF_MAPS)} or
 * {@code HASH_OF_MAPS}. Their key and value types come from the field's type: {@code
 * BpfMap<Integer, BpfMap<Integer, Long>>} holds maps from {@code Integer} to {@code Long}. The
 * kernel checks every map placed in the outer map against this shape: type, key and value size and
 * flags always; {@code max_entries} only for {@code ARRAY} inner maps (and not when they are
 * created with {@code BPF_F_INNER_MAP}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InnerMap {
  /** The inner maps' kernel map type. */
  MapType type();

  /** The inner maps' {@code max_entries}. */
  int maxEntries();

  /** The inner maps' {@code map_flags}. */
  int flags() default 0;
}
