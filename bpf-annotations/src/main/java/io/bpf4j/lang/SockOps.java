package io.bpf4j.lang;

/**
 * The TCP event of a {@code sockops} program ({@code struct bpf_sock_ops}, kernel 4.13+): which
 * operation ({@link #op}, a {@code BPF_SOCK_OPS_*} value) on which connection. The program returns
 * 1; what it answers to the operation goes into {@link #setReply}. Getters return the field as the
 * kernel stores it.
 */
public interface SockOps extends BpfContext {
  /** {@code op}: {@code BPF_SOCK_OPS_TCP_CONNECT_CB} (3), {@code ACTIVE_ESTABLISHED_CB} (4), ... */
  int op();

  /** {@code args[index]}, {@code index} a constant from 0 to 3: the operation's arguments. */
  int arg(int index);

  /** {@code reply}: what the program answered so far. */
  int reply();

  /** Sets {@code reply}, the program's answer to operations that ask one (a timeout, a window). */
  void setReply(int value);

  /** {@code family}: {@code AF_INET} (2) or {@code AF_INET6} (10). */
  int family();

  /** {@code remote_ip4}, in network byte order. */
  int remoteIp4();

  /** {@code local_ip4}, in network byte order. */
  int localIp4();

  /**
   * {@code remote_port}, in network byte order as a 32-bit value, as the kernel gives it ({@code
   * Bpf.ntohl(remotePort())} is the port number).
   */
  int remotePort();

  /** {@code local_port}, in host byte order. */
  int localPort();

  /** {@code is_fullsock}: 1 when the fields below describe a full socket. */
  int isFullsock();

  /** {@code state}: the TCP state. */
  int state();

  /** {@code snd_cwnd}. */
  int sndCwnd();

  /** {@code srtt_us}: the smoothed round-trip time in microseconds, shifted left by 3. */
  int srttUs();

  /** {@code bytes_received}. */
  long bytesReceived();

  /** {@code bytes_acked}. */
  long bytesAcked();
}
