package io.bpf4j.lang;

/**
 * The socket of a {@code cgroup/sock_create}, {@code cgroup/sock_release}, {@code
 * cgroup/post_bind4} or {@code cgroup/post_bind6} program ({@code struct bpf_sock}); the program
 * returns 1 to allow and 0 to deny. Each getter returns the field as the kernel stores it. The
 * kernel lets each attach point read only some fields: {@link #boundDevIf}, {@link #mark} and
 * {@link #priority} only at socket creation and release, {@link #srcIp4} only after an IPv4 bind,
 * {@link #srcPort} only after a bind; reading another is a javac error.
 */
public interface BpfSock extends BpfContext {
  /** {@code bound_dev_if}: the interface the socket is bound to, or 0. */
  int boundDevIf();

  /** {@code family}: {@code AF_INET} (2), {@code AF_INET6} (10), ... */
  int family();

  /** {@code type}: {@code SOCK_STREAM} (1), {@code SOCK_DGRAM} (2), ... */
  int type();

  /** {@code protocol}: {@code IPPROTO_TCP} (6), {@code IPPROTO_UDP} (17), ... */
  int protocol();

  int mark();

  int priority();

  /** {@code src_ip4}, in network byte order. */
  int srcIp4();

  /** {@code src_port}, in host byte order. */
  int srcPort();

  /**
   * {@code dst_port}, in network byte order as the kernel stores it ({@code Bpf.ntohs(dstPort())}
   * is the port number).
   */
  int dstPort();

  /** {@code dst_ip4}, in network byte order. */
  int dstIp4();

  /** {@code state}: the TCP state ({@code BPF_TCP_ESTABLISHED} = 1, ...). */
  int state();
}
