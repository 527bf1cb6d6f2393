package io.bpf4j.object.kernel;

import java.util.EnumSet;
import java.util.Set;

/**
 * Kernel helper functions ({@code enum bpf_func_id}) that bpf4j programs call: id, name, C
 * signature, the width of the result, the program types that may call it and the first kernel that
 * has it. Which program types may call a helper was probed on Linux 6.18 by loading a call of each
 * helper in each program type bpf4j compiles (integration-tests' HelperTableTest checks this table
 * against the running kernel); a null set means every type bpf4j compiles may call it.
 */
public enum Helper {
  MAP_LOOKUP_ELEM(1, "void *bpf_map_lookup_elem(struct bpf_map *map, const void *key)", 64, "3.19"),
  MAP_UPDATE_ELEM(
      2,
      "long bpf_map_update_elem(struct bpf_map *map, const void *key, const void *value, u64 flags)",
      64,
      "3.19"),
  MAP_DELETE_ELEM(3, "long bpf_map_delete_elem(struct bpf_map *map, const void *key)", 64, "3.19"),
  PROBE_READ(
      4,
      "long bpf_probe_read(void *dst, u32 size, const void *unsafe_ptr)",
      64,
      "4.1",
      Restriction.TRACING),
  KTIME_GET_NS(5, "u64 bpf_ktime_get_ns(void)", 64, "4.1"),
  TRACE_PRINTK(6, "long bpf_trace_printk(const char *fmt, u32 fmt_size, ...)", 32, "4.1"),
  GET_PRANDOM_U32(7, "u32 bpf_get_prandom_u32(void)", 32, "4.1"),
  GET_SMP_PROCESSOR_ID(8, "u32 bpf_get_smp_processor_id(void)", 32, "4.1"),
  TAIL_CALL(
      12, "long bpf_tail_call(void *ctx, struct bpf_map *prog_array_map, u32 index)", 64, "4.2"),
  GET_CURRENT_PID_TGID(14, "u64 bpf_get_current_pid_tgid(void)", 64, "4.2"),
  GET_CURRENT_UID_GID(15, "u64 bpf_get_current_uid_gid(void)", 64, "4.2"),
  GET_CURRENT_COMM(16, "long bpf_get_current_comm(void *buf, u32 size_of_buf)", 64, "4.2"),
  SKB_LOAD_BYTES(
      26,
      "long bpf_skb_load_bytes(const void *skb, u32 offset, void *to, u32 len)",
      64,
      "4.5",
      Restriction.SKB),
  GET_SOCKET_COOKIE(
      46, "u64 bpf_get_socket_cookie(struct sk_buff *skb)", 64, "4.12", Restriction.SOCKET_COOKIE),
  GET_SOCKET_UID(47, "u32 bpf_get_socket_uid(struct sk_buff *skb)", 32, "4.12", Restriction.SKB),
  PERF_EVENT_OUTPUT(
      25,
      "long bpf_perf_event_output(void *ctx, struct bpf_map *map, u64 flags, void *data, u64 size)",
      64,
      "4.4"),
  PROBE_READ_USER_STR(
      114, "long bpf_probe_read_user_str(void *dst, u32 size, const void *unsafe_ptr)", 64, "5.5"),
  PROBE_READ_KERNEL(
      113, "long bpf_probe_read_kernel(void *dst, u32 size, const void *unsafe_ptr)", 64, "5.5"),
  PROBE_READ_KERNEL_STR(
      115,
      "long bpf_probe_read_kernel_str(void *dst, u32 size, const void *unsafe_ptr)",
      64,
      "5.5"),
  MAP_PUSH_ELEM(
      87, "long bpf_map_push_elem(struct bpf_map *map, const void *value, u64 flags)", 64, "4.20"),
  MAP_POP_ELEM(88, "long bpf_map_pop_elem(struct bpf_map *map, void *value)", 64, "4.20"),
  MAP_PEEK_ELEM(89, "long bpf_map_peek_elem(struct bpf_map *map, void *value)", 64, "4.20"),
  SPIN_LOCK(93, "long bpf_spin_lock(struct bpf_spin_lock *lock)", 64, "5.1"),
  SPIN_UNLOCK(94, "long bpf_spin_unlock(struct bpf_spin_lock *lock)", 64, "5.1"),
  RINGBUF_OUTPUT(
      130, "long bpf_ringbuf_output(void *ringbuf, void *data, u64 size, u64 flags)", 64, "5.8"),
  RINGBUF_RESERVE(131, "void *bpf_ringbuf_reserve(void *ringbuf, u64 size, u64 flags)", 64, "5.8"),
  RINGBUF_SUBMIT(132, "void bpf_ringbuf_submit(void *data, u64 flags)", 64, "5.8"),
  RINGBUF_DISCARD(133, "void bpf_ringbuf_discard(void *data, u64 flags)", 64, "5.8"),
  // Every program type may call it on 6.18 (bpf_base_func_proto, with CAP_PERFMON).
  GET_CURRENT_TASK_BTF(158, "struct task_struct *bpf_get_current_task_btf(void)", 64, "5.11"),
  SKB_STORE_BYTES(
      9,
      "long bpf_skb_store_bytes(struct sk_buff *skb, u32 offset, const void *from, u32 len,"
          + " u64 flags)",
      64,
      "4.1",
      Restriction.TC),
  L3_CSUM_REPLACE(
      10,
      "long bpf_l3_csum_replace(struct sk_buff *skb, u32 offset, u64 from, u64 to, u64 size)",
      64,
      "4.1",
      Restriction.TC),
  L4_CSUM_REPLACE(
      11,
      "long bpf_l4_csum_replace(struct sk_buff *skb, u32 offset, u64 from, u64 to, u64 flags)",
      64,
      "4.1",
      Restriction.TC),
  REDIRECT(23, "long bpf_redirect(u32 ifindex, u64 flags)", 64, "4.4", Restriction.TC_OR_XDP),
  CSUM_DIFF(
      28,
      "s64 bpf_csum_diff(__be32 *from, u32 from_size, __be32 *to, u32 to_size, __wsum seed)",
      64,
      "4.6",
      Restriction.TC_OR_XDP),
  SKB_CHANGE_TAIL(
      38,
      "long bpf_skb_change_tail(struct sk_buff *skb, u32 len, u64 flags)",
      64,
      "4.9",
      Restriction.TC),
  SKB_CHANGE_HEAD(
      43,
      "long bpf_skb_change_head(struct sk_buff *skb, u32 len, u64 flags)",
      64,
      "4.10",
      Restriction.TC),
  XDP_ADJUST_HEAD(
      44,
      "long bpf_xdp_adjust_head(struct xdp_buff *xdp_md, int delta)",
      64,
      "4.10",
      Restriction.XDP),
  SKB_ADJUST_ROOM(
      50,
      "long bpf_skb_adjust_room(struct sk_buff *skb, s32 len_diff, u32 mode, u64 flags)",
      64,
      "4.13",
      Restriction.TC),
  REDIRECT_MAP(
      51,
      "long bpf_redirect_map(struct bpf_map *map, u64 key, u64 flags)",
      64,
      "4.14",
      Restriction.XDP),
  XDP_ADJUST_META(
      54,
      "long bpf_xdp_adjust_meta(struct xdp_buff *xdp_md, int delta)",
      64,
      "4.15",
      Restriction.XDP),
  XDP_ADJUST_TAIL(
      65,
      "long bpf_xdp_adjust_tail(struct xdp_buff *xdp_md, int delta)",
      64,
      "4.18",
      Restriction.XDP),
  // In bpf_base_func_proto: every program type may call it.
  LOOP(
      181,
      "long bpf_loop(u32 nr_loops, void *callback_fn, void *callback_ctx, u64 flags)",
      64,
      "5.17"),
  XDP_GET_BUFF_LEN(
      188, "u64 bpf_xdp_get_buff_len(struct xdp_buff *xdp_md)", 64, "5.18", Restriction.XDP),
  XDP_LOAD_BYTES(
      189,
      "long bpf_xdp_load_bytes(struct xdp_buff *xdp_md, u32 offset, void *buf, u32 len)",
      64,
      "5.18",
      Restriction.XDP);

  /** The program types a restricted helper is limited to. */
  private enum Restriction {
    NONE(null),
    SKB(EnumSet.of(ProgramType.SOCKET_FILTER, ProgramType.SCHED_CLS, ProgramType.CGROUP_SKB)),
    XDP(EnumSet.of(ProgramType.XDP)),
    /** Helpers that change an skb: tc only of the types bpf4j compiles. */
    TC(EnumSet.of(ProgramType.SCHED_CLS)),
    TC_OR_XDP(EnumSet.of(ProgramType.SCHED_CLS, ProgramType.XDP)),
    TRACING(
        EnumSet.of(
            ProgramType.KPROBE,
            ProgramType.TRACEPOINT,
            ProgramType.PERF_EVENT,
            ProgramType.RAW_TRACEPOINT,
            ProgramType.RAW_TRACEPOINT_WRITABLE,
            ProgramType.TRACING,
            ProgramType.LSM)),
    /**
     * {@code bpf_get_socket_cookie}: the skb variant, and the socket and sock_ops ones under the
     * same id.
     */
    SOCKET_COOKIE(
        EnumSet.of(
            ProgramType.SOCKET_FILTER,
            ProgramType.SCHED_CLS,
            ProgramType.CGROUP_SKB,
            ProgramType.CGROUP_SOCK,
            ProgramType.SOCK_OPS));

    private final Set<ProgramType> types;

    Restriction(Set<ProgramType> types) {
      this.types = types;
    }
  }

  private final int id;
  private final String signature;
  private final int resultBits;
  private final String sinceKernel;
  private final Restriction restriction;

  Helper(int id, String signature, int resultBits, String sinceKernel) {
    this(id, signature, resultBits, sinceKernel, Restriction.NONE);
  }

  Helper(int id, String signature, int resultBits, String sinceKernel, Restriction restriction) {
    this.id = id;
    this.signature = signature;
    this.resultBits = resultBits;
    this.sinceKernel = sinceKernel;
    this.restriction = restriction;
  }

  /** The value of {@code enum bpf_func_id}, the immediate of the call instruction. */
  public int id() {
    return id;
  }

  /** The kernel's name: {@code bpf_} and the constant's name in lower case. */
  public String kernelName() {
    return "bpf_" + name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The C prototype, as the kernel's {@code bpf.h} documents it. */
  public String signature() {
    return signature;
  }

  /** Whether the result is a 32-bit value (upper half of r0 not meaningful to callers). */
  public boolean returnsInt() {
    return resultBits == 32;
  }

  /** The first kernel version that has the helper. */
  public String sinceKernel() {
    return sinceKernel;
  }

  /**
   * Whether the helper may change the packet's data or length ({@code bpf_helper_changes_pkt_data}
   * in the verifier): every packet pointer and bounds check made before the call is dead after it.
   */
  public boolean changesPacketData() {
    return switch (this) {
      case SKB_STORE_BYTES,
              L3_CSUM_REPLACE,
              L4_CSUM_REPLACE,
              SKB_CHANGE_TAIL,
              SKB_CHANGE_HEAD,
              SKB_ADJUST_ROOM,
              XDP_ADJUST_HEAD,
              XDP_ADJUST_META,
              XDP_ADJUST_TAIL ->
          true;
      default -> false;
    };
  }

  /**
   * The argument (0-based) the verifier types {@code ARG_PTR_TO_UNINIT_MEM} (or a map value with
   * {@code MEM_UNINIT}): memory the helper only writes, so stack passed there need not be
   * initialized and the verifier counts it as written after the call; -1 when there is none.
   */
  public int uninitMemArgument() {
    return switch (this) {
      case PROBE_READ,
              PROBE_READ_KERNEL,
              PROBE_READ_KERNEL_STR,
              PROBE_READ_USER_STR,
              GET_CURRENT_COMM ->
          0;
      case MAP_POP_ELEM, MAP_PEEK_ELEM -> 1;
      case SKB_LOAD_BYTES, XDP_LOAD_BYTES -> 2;
      default -> -1;
    };
  }

  /**
   * Whether the helper writes every byte of its {@link #uninitMemArgument} buffer (as long as the
   * next argument, its size, says) on success and on failure alike: the probe reads and {@code
   * bpf_skb_load_bytes} zero the buffer when they fail and {@code bpf_get_current_comm} pads the
   * name with zeros. Not so for {@code bpf_xdp_load_bytes} (a failure leaves the buffer as it was),
   * the {@code _str} reads (a success stops after the string's NUL) and the queue pops (a busy
   * queue fails without touching the value).
   */
  public boolean overwritesUninitMemWhole() {
    return switch (this) {
      case PROBE_READ, PROBE_READ_KERNEL, GET_CURRENT_COMM, SKB_LOAD_BYTES -> true;
      default -> false;
    };
  }

  /** Whether programs of {@code type} may call the helper. */
  public boolean allowedIn(ProgramType type) {
    return restriction.types == null || restriction.types.contains(type);
  }

  /** The program types that may call the helper, or null when every type bpf4j compiles may. */
  public Set<ProgramType> allowedTypes() {
    return restriction.types;
  }

  /** The helper with id {@code id}, or null when this table does not name it. */
  public static Helper of(int id) {
    for (Helper h : values()) {
      if (h.id == id) {
        return h;
      }
    }
    return null;
  }

  /** The kernel name of helper {@code id}, or {@code helper <id>} when the table lacks it. */
  public static String nameOf(int id) {
    Helper h = of(id);
    return h == null ? "helper " + id : h.kernelName();
  }

  /** Whether programs of {@code type} may call helper {@code id} (unknown helpers: yes). */
  public static boolean allowed(int id, ProgramType type) {
    Helper h = of(id);
    return h == null || h.allowedIn(type);
  }
}
