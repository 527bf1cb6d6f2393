package io.bpf4j.lang;

import io.bpf4j.lang.jvm.HelperBackends;

/**
 * Kernel helpers callable from BPF code. In BPF code each call compiles to the helper. In the JVM
 * the helpers that need a kernel go to the thread's {@link io.bpf4j.lang.jvm.HelperBackend} (which
 * bpf-testing's simulator installs) and, when there is none, throw {@link
 * UnsupportedOperationException}; the byte-order conversions work anywhere.
 */
public final class Bpf {
  private static final long[] NO_ARGS = {};

  private Bpf() {}

  /** {@code bpf_trace_printk}: a line in {@code /sys/kernel/tracing/trace_pipe}. */
  public static int printk(String fmt) {
    return HelperBackends.current().printk(fmt, NO_ARGS);
  }

  public static int printk(String fmt, long a) {
    return HelperBackends.current().printk(fmt, new long[] {a});
  }

  public static int printk(String fmt, long a, long b) {
    return HelperBackends.current().printk(fmt, new long[] {a, b});
  }

  public static int printk(String fmt, long a, long b, long c) {
    return HelperBackends.current().printk(fmt, new long[] {a, b, c});
  }

  /** {@code bpf_ktime_get_ns}: nanoseconds since boot, without suspend time. */
  public static long ktimeGetNs() {
    return HelperBackends.current().ktimeGetNs();
  }

  /** {@code bpf_get_prandom_u32}. */
  public static int getPrandomU32() {
    return HelperBackends.current().getPrandomU32();
  }

  /** {@code bpf_get_smp_processor_id}. */
  public static int getSmpProcessorId() {
    return HelperBackends.current().getSmpProcessorId();
  }

  /** {@code bpf_get_current_pid_tgid}: tgid in the upper 32 bits, pid in the lower. */
  public static long getCurrentPidTgid() {
    return HelperBackends.current().getCurrentPidTgid();
  }

  /** {@code bpf_get_current_uid_gid}: gid in the upper 32 bits, uid in the lower. */
  public static long getCurrentUidGid() {
    return HelperBackends.current().getCurrentUidGid();
  }

  /**
   * {@code bpf_get_current_comm}: the current task's name into {@code dst} (a {@code byte[]} of
   * constant length, usually 16), NUL-terminated; 0 or a negative errno.
   */
  public static int getCurrentComm(byte[] dst) {
    return HelperBackends.current().getCurrentComm(dst);
  }

  /**
   * {@code bpf_get_current_task_btf} (kernel 5.11): the current task's {@code task_struct} viewed
   * as {@code type}, a {@code @KernelStruct("task_struct")} class. The pointer is BTF-typed, so its
   * fields (and those of the structs it points to) are read with direct, CO-RE relocated loads.
   */
  public static <T> T currentTask(Class<T> type) {
    return HelperBackends.current().currentTask(type);
  }

  /**
   * {@code bpf_probe_read_kernel}: {@code dst.length} bytes of kernel memory at {@code address}
   * into {@code dst}; 0 or a negative errno (then {@code dst} is zeroed).
   */
  public static int probeReadKernel(byte[] dst, long address) {
    return HelperBackends.current().probeRead(dst, address, false, false);
  }

  /**
   * {@code bpf_probe_read_kernel_str}: the NUL-terminated kernel string at {@code address} into
   * {@code dst}, truncated to fit; the length including the NUL, or a negative errno.
   */
  public static int probeReadKernelStr(byte[] dst, long address) {
    return HelperBackends.current().probeRead(dst, address, true, false);
  }

  /**
   * {@code bpf_probe_read_user_str}: the NUL-terminated user-space string at {@code address} into
   * {@code dst}, truncated to fit; the length including the NUL, or a negative errno.
   */
  public static int probeReadUserStr(byte[] dst, long address) {
    return HelperBackends.current().probeRead(dst, address, true, true);
  }

  /** {@code bpf_get_socket_cookie}. */
  public static long getSocketCookie(SkBuff skb) {
    return HelperBackends.current().getSocketCookie(skb);
  }

  /** {@code bpf_get_socket_uid}. */
  public static int getSocketUid(SkBuff skb) {
    return HelperBackends.current().getSocketUid(skb);
  }

  /**
   * {@code bpf_redirect}: sends the packet to the interface {@code ifindex} ({@code flags} 0 for
   * egress, {@code BPF_F_INGRESS} = 1 for ingress in tc); returns {@code Tc.ACT_REDIRECT} (tc) or
   * {@code Xdp.REDIRECT} (XDP), or {@code Xdp.ABORTED}/{@code Tc.ACT_SHOT} on bad flags.
   */
  public static int redirect(int ifindex, long flags) {
    return HelperBackends.current().redirect(ifindex, flags);
  }

  /**
   * {@code bpf_csum_diff}: the one's-complement sum of {@code to} minus {@code from} (both lengths
   * multiples of 4, network order as in the packet) added to {@code seed}; a negative errno on bad
   * sizes. Fold it with {@link #csumFold} to update a 16-bit checksum.
   *
   * <p>The kernel adds the bytes as the CPU reads 32-bit words (little-endian on x86 and arm64), so
   * the seed and the folded result are byte-swapped relative to the values {@code loadHalf} and
   * {@code storeHalf} use. The incremental update of a checksum at {@code off} (RFC 1624) in XDP:
   *
   * <pre>{@code
   * long sum = Bpf.csumDiff(oldBytes, newBytes, Bpf.htons(~ctx.loadHalf(off) & 0xffff));
   * ctx.storeHalf(off, Bpf.ntohs(Bpf.csumFold(sum)));
   * }</pre>
   *
   * (for a UDP checksum, a result of 0 means "none": store 0xffff instead).
   */
  public static long csumDiff(byte[] from, byte[] to, int seed) {
    return HelperBackends.current().csumDiff(from, to, seed);
  }

  /**
   * Folds a 32-bit one's-complement sum (as {@link #csumDiff} returns) into 16 bits and inverts it:
   * the value to store as an IPv4/UDP/TCP checksum. Pure arithmetic, the same in BPF and the JVM.
   */
  public static int csumFold(long sum) {
    long s = sum & 0xffffffffL;
    s = (s & 0xffff) + (s >>> 16);
    s = (s & 0xffff) + (s >>> 16);
    return (int) (~s & 0xffff);
  }

  /** Host to network order of the low 16 bits (x86 and arm64 are little-endian). */
  public static int htons(int value) {
    return Short.toUnsignedInt(Short.reverseBytes((short) value));
  }

  public static int ntohs(int value) {
    return htons(value);
  }

  public static int htonl(int value) {
    return Integer.reverseBytes(value);
  }

  public static int ntohl(int value) {
    return htonl(value);
  }

  /** The most iterations {@code bpf_loop} runs ({@code BPF_MAX_LOOPS}); more is {@code -E2BIG}. */
  public static final int MAX_LOOPS = 1 << 23;

  /**
   * A {@link #loop} callback: a static method of the program class, as a method reference ({@code
   * Counter::step}) or a non-capturing lambda; compiled as a BPF subprogram.
   *
   * @param <C> the context: a {@code @Struct} local of the caller (on its stack), or null
   */
  @FunctionalInterface
  public interface LoopCallback<C> {
    /** Iteration {@code index}: 0 to go on, 1 to stop (the verifier accepts nothing else). */
    long step(int index, C ctx);
  }

  /**
   * {@code bpf_loop} (kernel 5.17+): calls {@code callback} for {@code index} 0, 1, ... up to
   * {@code n - 1} with {@code ctx}, until it returns 1. Returns the number of calls made, {@code
   * -E2BIG} (-7) when {@code n} exceeds {@link #MAX_LOOPS}. In the JVM it runs the same loop.
   */
  public static <C> int loop(int n, LoopCallback<C> callback, C ctx) {
    if (Integer.toUnsignedLong(n) > MAX_LOOPS) {
      return -7;
    }
    for (int i = 0; i < n; i++) {
      if (callback.step(i, ctx) != 0) {
        return i + 1;
      }
    }
    return n;
  }

  /** The JVM's stand-in for every {@code bpf_spin_lock}: one lock, as coarse as it is correct. */
  private static final java.util.concurrent.locks.ReentrantLock JVM_SPIN_LOCK =
      new java.util.concurrent.locks.ReentrantLock();

  /**
   * {@code bpf_spin_lock} (kernel 5.1+) on the lock field of a map value. Until {@link
   * #spinUnlock}, the verifier allows no helper calls, map operations or calls of other methods
   * (javac errors), and every path must unlock before it returns.
   */
  public static void spinLock(BpfSpinLock lock) {
    if (JVM_SPIN_LOCK.isHeldByCurrentThread()) {
      throw new IllegalStateException("bpf_spin_lock while holding a lock");
    }
    JVM_SPIN_LOCK.lock();
  }

  /** {@code bpf_spin_unlock}: releases the lock {@link #spinLock} took. */
  public static void spinUnlock(BpfSpinLock lock) {
    if (!JVM_SPIN_LOCK.isHeldByCurrentThread()) {
      throw new IllegalStateException("bpf_spin_unlock without bpf_spin_lock");
    }
    JVM_SPIN_LOCK.unlock();
  }
}
