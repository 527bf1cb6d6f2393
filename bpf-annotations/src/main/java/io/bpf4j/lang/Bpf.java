package io.bpf4j.lang;

/**
 * Kernel helpers callable from BPF code. In BPF code each call compiles to the helper; in the JVM
 * the helpers that need a kernel throw {@link UnsupportedOperationException}.
 */
public final class Bpf {
  private Bpf() {}

  /** {@code bpf_trace_printk}: a line in {@code /sys/kernel/tracing/trace_pipe}. */
  public static int printk(String fmt) {
    throw kernelOnly();
  }

  public static int printk(String fmt, long a) {
    throw kernelOnly();
  }

  public static int printk(String fmt, long a, long b) {
    throw kernelOnly();
  }

  public static int printk(String fmt, long a, long b, long c) {
    throw kernelOnly();
  }

  /** {@code bpf_ktime_get_ns}: nanoseconds since boot, without suspend time. */
  public static long ktimeGetNs() {
    throw kernelOnly();
  }

  /** {@code bpf_get_prandom_u32}. */
  public static int getPrandomU32() {
    throw kernelOnly();
  }

  /** {@code bpf_get_smp_processor_id}. */
  public static int getSmpProcessorId() {
    throw kernelOnly();
  }

  /** {@code bpf_get_current_pid_tgid}: tgid in the upper 32 bits, pid in the lower. */
  public static long getCurrentPidTgid() {
    throw kernelOnly();
  }

  /** {@code bpf_get_socket_cookie}. */
  public static long getSocketCookie(SkBuff skb) {
    throw kernelOnly();
  }

  /** {@code bpf_get_socket_uid}. */
  public static int getSocketUid(SkBuff skb) {
    throw kernelOnly();
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

  private static UnsupportedOperationException kernelOnly() {
    return new UnsupportedOperationException(
        "this helper runs only inside the kernel; use BpfSimulator to run BPF code in the JVM");
  }
}
