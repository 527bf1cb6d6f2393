package io.bpf4j.annotations;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The object's {@code license} section. GPL-only helpers (such as {@code bpf_trace_printk}) need a
 * GPL-compatible license; when the annotation is absent the processor writes {@code "GPL"}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface License {
  /** The license string, e.g. {@code "GPL"} or {@code "Dual BSD/GPL"}. */
  String value();
}
