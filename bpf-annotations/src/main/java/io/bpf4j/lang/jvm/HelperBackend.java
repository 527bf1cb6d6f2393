package io.bpf4j.lang.jvm;

import io.bpf4j.lang.SkBuff;

/**
 * What the kernel helpers of {@link io.bpf4j.lang.Bpf} do when BPF code runs in the JVM instead of
 * the kernel, as in unit tests. None is installed by default, so the helpers throw; bpf-testing's
 * {@code BpfSimulator} installs one (with {@link HelperBackends#install}) on the thread that runs a
 * program. In BPF code every call compiles to the kernel helper and none of this exists.
 */
public interface HelperBackend {
  /**
   * {@code bpf_trace_printk}: the formatted length, or a negative errno for a format the kernel
   * refuses.
   *
   * @param args the arguments the call passed, 0 to 3 of them
   */
  int printk(String fmt, long[] args);

  /** {@code bpf_ktime_get_ns}. */
  long ktimeGetNs();

  /** {@code bpf_get_prandom_u32}. */
  int getPrandomU32();

  /** {@code bpf_get_smp_processor_id}. */
  int getSmpProcessorId();

  /** {@code bpf_get_current_pid_tgid}. */
  long getCurrentPidTgid();

  /** {@code bpf_get_current_uid_gid}: gid in the upper 32 bits, uid in the lower. */
  long getCurrentUidGid();

  /** {@code bpf_get_current_comm}: 0, or a negative errno. */
  int getCurrentComm(byte[] dst);

  /**
   * {@code bpf_probe_read_kernel}: reads kernel memory, which a simulation has none of; the default
   * fails the way the kernel does on a bad address.
   */
  default int probeRead(byte[] dst, long address, boolean string, boolean user) {
    java.util.Arrays.fill(dst, (byte) 0);
    return -14; // -EFAULT
  }

  /**
   * {@code bpf_get_current_task_btf}: the current task as a {@code @KernelStruct} view object,
   * which a simulation's test builds; the default has none.
   */
  default <T> T currentTask(Class<T> type) {
    throw new UnsupportedOperationException(
        "no current task: give the simulator one (BpfSimulator.currentTask(view))");
  }

  /**
   * {@code Core.view(type, address)}: the kernel object a simulation's test placed at {@code
   * address}; the default has none.
   */
  default <T> T kernelObject(Class<T> type, long address) {
    throw new UnsupportedOperationException(
        "no kernel object at 0x"
            + Long.toHexString(address)
            + ": give the simulator one (BpfSimulator.kernelObject(address, view))");
  }

  /** {@code bpf_get_socket_cookie}. */
  long getSocketCookie(SkBuff skb);

  /** {@code bpf_get_socket_uid}. */
  int getSocketUid(SkBuff skb);

  /** {@code bpf_redirect}: what the simulator records as the packet's destination. */
  default int redirect(int ifindex, long flags) {
    throw new UnsupportedOperationException("redirect needs a simulator with a packet");
  }

  /** {@code bpf_csum_diff}. */
  default long csumDiff(byte[] from, byte[] to, int seed) {
    throw new UnsupportedOperationException("csumDiff needs a simulator");
  }
}
