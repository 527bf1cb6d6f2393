package io.bpf4j.object.kernel;

/**
 * The contexts bpf4j programs receive: the kernel struct the program's {@code r1} points to and the
 * {@code io.bpf4j.lang} interface that stands for it in Java.
 */
public enum ContextType {
  SK_BUFF("__sk_buff", "io.bpf4j.lang.SkBuff"),
  XDP_MD("xdp_md", "io.bpf4j.lang.XdpMd"),
  /** A tracepoint's record, whose layout tracefs describes; BTF knows no struct for it. */
  TRACEPOINT("", "io.bpf4j.lang.TracepointContext"),
  RAW_TRACEPOINT_ARGS("bpf_raw_tracepoint_args", "io.bpf4j.lang.RawTracepointArgs");

  private final String kernelStruct;
  private final String javaName;

  ContextType(String kernelStruct, String javaName) {
    this.kernelStruct = kernelStruct;
    this.javaName = javaName;
  }

  /** The kernel struct's name, or empty when there is none. */
  public String kernelStruct() {
    return kernelStruct;
  }

  /** The Java interface's binary name ({@code io.bpf4j.lang.SkBuff}). */
  public String javaName() {
    return javaName;
  }

  /** The Java interface's internal name ({@code io/bpf4j/lang/SkBuff}). */
  public String internalName() {
    return javaName.replace('.', '/');
  }

  /** Whether the context is an {@code __sk_buff}. */
  public boolean isSkb() {
    return this == SK_BUFF;
  }
}
