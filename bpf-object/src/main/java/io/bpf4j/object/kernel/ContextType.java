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
  RAW_TRACEPOINT_ARGS("bpf_raw_tracepoint_args", "io.bpf4j.lang.RawTracepointArgs"),
  /** The registers of a kprobe or uprobe ({@code struct pt_regs}, x86-64 layout). */
  PT_REGS("pt_regs", "io.bpf4j.lang.PtRegs"),
  /** A socket of a {@code cgroup/sock_create}, {@code cgroup/post_bind4} ... program. */
  BPF_SOCK("bpf_sock", "io.bpf4j.lang.BpfSock"),
  /** The TCP event of a {@code sockops} program. */
  SOCK_OPS("bpf_sock_ops", "io.bpf4j.lang.SockOps"),
  /**
   * The traced function's (or BTF tracepoint's, or LSM hook's) arguments as an array of u64 slots
   * ({@code tp_btf}, {@code fentry}, {@code fexit}, {@code lsm}, {@code iter}): no Java interface
   * stands for it, the program method's own parameters are the arguments, in order.
   */
  TRACED_ARGUMENTS("", "");

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

  /** The Java interface's binary name ({@code io.bpf4j.lang.SkBuff}), or empty when none. */
  public String javaName() {
    return javaName;
  }

  /** The Java interface's internal name ({@code io/bpf4j/lang/SkBuff}). */
  public String internalName() {
    return javaName.replace('.', '/');
  }

  /**
   * Whether the program's parameters are the traced arguments themselves ({@link
   * #TRACED_ARGUMENTS}) rather than one context object.
   */
  public boolean isTracedArguments() {
    return this == TRACED_ARGUMENTS;
  }

  /** Whether a Java interface stands for the context (every context but the traced arguments). */
  public boolean hasJavaInterface() {
    return !javaName.isEmpty();
  }

  /**
   * The offset of the {@code data} packet pointer in the struct ({@code __sk_buff} 76, {@code
   * xdp_md} 0), or -1 for a context without one.
   */
  public int packetDataOffset() {
    return switch (this) {
      case SK_BUFF -> 76;
      case XDP_MD -> 0;
      default -> -1;
    };
  }

  /** The offset of the {@code data_end} packet pointer, as {@link #packetDataOffset}. */
  public int packetDataEndOffset() {
    return switch (this) {
      case SK_BUFF -> 80;
      case XDP_MD -> 4;
      default -> -1;
    };
  }

  /**
   * The context whose {@code data} and {@code data_end} are at these offsets, or null: two loads at
   * them are a packet's bounds.
   */
  public static ContextType withPacketPointersAt(int data, int dataEnd) {
    for (ContextType c : values()) {
      if (c.packetDataOffset() >= 0
          && c.packetDataOffset() == data
          && c.packetDataEndOffset() == dataEnd) {
        return c;
      }
    }
    return null;
  }

  /** Whether the context is an {@code __sk_buff}. */
  public boolean isSkb() {
    return this == SK_BUFF;
  }
}
