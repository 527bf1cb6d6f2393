package io.bpf4j.object.kernel;

/**
 * Kernel program types ({@code enum bpf_prog_type}), with what bpf4j knows of each: the context its
 * programs receive when bpf4j compiles them, and how a test run shows them a packet.
 */
public enum ProgramType {
  UNSPEC(0, "unspec", null, PacketView.NONE),
  SOCKET_FILTER(1, "socket_filter", ContextType.SK_BUFF, PacketView.FROM_NETWORK_HEADER),
  KPROBE(2, "kprobe", ContextType.PT_REGS, PacketView.NONE),
  SCHED_CLS(3, "sched_cls", ContextType.SK_BUFF, PacketView.WHOLE_FRAME),
  SCHED_ACT(4, "sched_act", null, PacketView.NONE),
  TRACEPOINT(5, "tracepoint", ContextType.TRACEPOINT, PacketView.NONE),
  XDP(6, "xdp", ContextType.XDP_MD, PacketView.WHOLE_FRAME),
  PERF_EVENT(7, "perf_event", null, PacketView.NONE),
  CGROUP_SKB(8, "cgroup_skb", ContextType.SK_BUFF, PacketView.FROM_NETWORK_HEADER),
  CGROUP_SOCK(9, "cgroup_sock", ContextType.BPF_SOCK, PacketView.NONE),
  LWT_IN(10, "lwt_in", null, PacketView.NONE),
  LWT_OUT(11, "lwt_out", null, PacketView.NONE),
  LWT_XMIT(12, "lwt_xmit", null, PacketView.NONE),
  SOCK_OPS(13, "sock_ops", ContextType.SOCK_OPS, PacketView.NONE),
  SK_SKB(14, "sk_skb", null, PacketView.NONE),
  CGROUP_DEVICE(15, "cgroup_device", null, PacketView.NONE),
  SK_MSG(16, "sk_msg", null, PacketView.NONE),
  RAW_TRACEPOINT(17, "raw_tracepoint", ContextType.RAW_TRACEPOINT_ARGS, PacketView.NONE),
  CGROUP_SOCK_ADDR(18, "cgroup_sock_addr", null, PacketView.NONE),
  LWT_SEG6LOCAL(19, "lwt_seg6local", null, PacketView.NONE),
  LIRC_MODE2(20, "lirc_mode2", null, PacketView.NONE),
  SK_REUSEPORT(21, "sk_reuseport", null, PacketView.NONE),
  FLOW_DISSECTOR(22, "flow_dissector", null, PacketView.NONE),
  CGROUP_SYSCTL(23, "cgroup_sysctl", null, PacketView.NONE),
  RAW_TRACEPOINT_WRITABLE(24, "raw_tracepoint_writable", null, PacketView.NONE),
  CGROUP_SOCKOPT(25, "cgroup_sockopt", null, PacketView.NONE),
  TRACING(26, "tracing", ContextType.TRACED_ARGUMENTS, PacketView.NONE),
  STRUCT_OPS(27, "struct_ops", null, PacketView.NONE),
  EXT(28, "ext", null, PacketView.NONE),
  LSM(29, "lsm", ContextType.TRACED_ARGUMENTS, PacketView.NONE),
  SK_LOOKUP(30, "sk_lookup", null, PacketView.NONE),
  SYSCALL(31, "syscall", null, PacketView.NONE),
  NETFILTER(32, "netfilter", null, PacketView.NONE);

  /** What {@code BPF_PROG_TEST_RUN} shows a program of this type as its packet. */
  public enum PacketView {
    /** The type runs on no packet. */
    NONE,
    /** The packet data starts at the network header (the Ethernet header is pulled). */
    FROM_NETWORK_HEADER,
    /** The packet data is the whole frame. */
    WHOLE_FRAME
  }

  private final int kernelId;
  private final String kernelName;
  private final ContextType context;
  private final PacketView packetView;

  ProgramType(int kernelId, String kernelName, ContextType context, PacketView packetView) {
    this.kernelId = kernelId;
    this.kernelName = kernelName;
    this.context = context;
    this.packetView = packetView;
  }

  /** The value of {@code enum bpf_prog_type}. */
  public int kernelId() {
    return kernelId;
  }

  /** The name bpftool prints ({@code socket_filter}, {@code sched_cls}, ...). */
  public String kernelName() {
    return kernelName;
  }

  /** Whether the processor compiles Java methods into programs of this type. */
  public boolean compiledByBpf4j() {
    return context != null;
  }

  /** The context the program's parameter receives, or null when bpf4j does not compile the type. */
  public ContextType context() {
    return context;
  }

  /** What a test run shows the program as its packet. */
  public PacketView packetView() {
    return packetView;
  }

  /** Whether the type runs on packets. */
  public boolean runsOnPackets() {
    return packetView != PacketView.NONE;
  }

  /**
   * Whether the kernel lets the type use {@code LD_ABS} / {@code LD_IND} ({@code may_access_skb()}
   * in the verifier).
   */
  public boolean allowsPacketLoadInstructions() {
    return this == SOCKET_FILTER || this == SCHED_CLS;
  }

  /**
   * Whether a program of this type loads only with a BTF attach target ({@code attach_btf_id}, from
   * the section name): tracing (fentry, fexit, tp_btf, iter), LSM, extension and struct_ops
   * programs.
   */
  public boolean needsBtfAttachTarget() {
    return this == TRACING || this == LSM || this == EXT || this == STRUCT_OPS;
  }

  /** The type with kernel id {@code id}, or {@link #UNSPEC} when the id is unknown. */
  public static ProgramType of(int id) {
    for (ProgramType t : values()) {
      if (t.kernelId == id) {
        return t;
      }
    }
    return UNSPEC;
  }
}
