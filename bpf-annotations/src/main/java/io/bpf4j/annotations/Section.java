package io.bpf4j.annotations;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static method as a BPF program. The value is the libbpf section name, which also sets the
 * program type: {@code socket}, {@code tc} / {@code classifier}, {@code tcx/ingress}, {@code
 * tcx/egress}, {@code xdp}, {@code cgroup_skb/ingress}, {@code cgroup_skb/egress}, {@code
 * tracepoint/<category>/<event>}, {@code raw_tracepoint/<event>}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Section {
  /** The ELF section name, as libbpf's {@code SEC("...")}. */
  String value();

  /**
   * What the program returns where Java would throw: a packet read or write past the end, a null
   * dereference the compiler guards. The default 0 is {@code XDP_ABORTED} in XDP (the packet is
   * dropped); {@code onFault = Xdp.PASS} makes an XDP filter fail open.
   */
  int onFault() default 0;
}
