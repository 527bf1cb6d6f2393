package io.bpf4j.testing;

import io.bpf4j.lang.SockOps;

/**
 * A TCP event for running {@code sockops} programs in the simulator: set the operation and the
 * connection's fields (in the byte order the getters document); after the run, {@link #reply()}
 * holds what the program answered. A field not set reads as 0.
 */
public final class SimSockOps implements SockOps {
  private int op;
  private final int[] args = new int[4];
  private int reply;
  private int family;
  private int remoteIp4;
  private int localIp4;
  private int remotePort;
  private int localPort;
  private int isFullsock;
  private int state;
  private int sndCwnd;
  private int srttUs;
  private long bytesReceived;
  private long bytesAcked;

  /** An event of operation {@code op} ({@code BPF_SOCK_OPS_*}) on a full IPv4 socket. */
  public static SimSockOps of(int op) {
    SimSockOps ops = new SimSockOps();
    ops.op = op;
    ops.family = 2;
    ops.isFullsock = 1;
    return ops;
  }

  @Override
  public int op() {
    return op;
  }

  @Override
  public int arg(int index) {
    if (index < 0 || index > 3) {
      throw new SimulationException("SockOps.arg(" + index + "): index must be 0 to 3");
    }
    // args[] and reply share their first word in struct bpf_sock_ops.
    return index == 0 ? reply : args[index];
  }

  public SimSockOps arg(int index, int value) {
    arg(index);
    if (index == 0) {
      reply = value;
    }
    args[index] = value;
    return this;
  }

  @Override
  public int reply() {
    return reply;
  }

  @Override
  public void setReply(int value) {
    reply = value;
  }

  @Override
  public int family() {
    return family;
  }

  public SimSockOps family(int v) {
    family = v;
    return this;
  }

  @Override
  public int remoteIp4() {
    return remoteIp4;
  }

  public SimSockOps remoteIp4(int v) {
    remoteIp4 = v;
    return this;
  }

  @Override
  public int localIp4() {
    return localIp4;
  }

  public SimSockOps localIp4(int v) {
    localIp4 = v;
    return this;
  }

  @Override
  public int remotePort() {
    return remotePort;
  }

  /** Sets the remote port from its number, stored as the kernel gives it ({@code htonl(port)}). */
  public SimSockOps remotePortNumber(int port) {
    remotePort = Integer.reverseBytes(port);
    return this;
  }

  @Override
  public int localPort() {
    return localPort;
  }

  public SimSockOps localPort(int v) {
    localPort = v;
    return this;
  }

  @Override
  public int isFullsock() {
    return isFullsock;
  }

  public SimSockOps isFullsock(int v) {
    isFullsock = v;
    return this;
  }

  @Override
  public int state() {
    return state;
  }

  public SimSockOps state(int v) {
    state = v;
    return this;
  }

  @Override
  public int sndCwnd() {
    return sndCwnd;
  }

  public SimSockOps sndCwnd(int v) {
    sndCwnd = v;
    return this;
  }

  @Override
  public int srttUs() {
    return srttUs;
  }

  public SimSockOps srttUs(int v) {
    srttUs = v;
    return this;
  }

  @Override
  public long bytesReceived() {
    return bytesReceived;
  }

  public SimSockOps bytesReceived(long v) {
    bytesReceived = v;
    return this;
  }

  @Override
  public long bytesAcked() {
    return bytesAcked;
  }

  public SimSockOps bytesAcked(long v) {
    bytesAcked = v;
    return this;
  }
}
