package io.bpf4j.testing;

import io.bpf4j.lang.BpfSock;

/**
 * A socket for running {@code cgroup/sock_create}, {@code cgroup/post_bind4} ... programs in the
 * simulator. Fields hold what the kernel's {@code struct bpf_sock} holds (ports and addresses in
 * the byte order the getters document); a field not set reads as 0.
 */
public final class SimBpfSock implements BpfSock {
  private int boundDevIf;
  private int family;
  private int type;
  private int protocol;
  private int mark;
  private int priority;
  private int srcIp4;
  private int srcPort;
  private int dstPort;
  private int dstIp4;
  private int state;

  /** A new IPv4 socket of {@code type} and {@code protocol} ({@code SOCK_STREAM}, 6: TCP). */
  public static SimBpfSock inet(int type, int protocol) {
    return new SimBpfSock().family(2).type(type).protocol(protocol);
  }

  @Override
  public int boundDevIf() {
    return boundDevIf;
  }

  public SimBpfSock boundDevIf(int v) {
    boundDevIf = v;
    return this;
  }

  @Override
  public int family() {
    return family;
  }

  public SimBpfSock family(int v) {
    family = v;
    return this;
  }

  @Override
  public int type() {
    return type;
  }

  public SimBpfSock type(int v) {
    type = v;
    return this;
  }

  @Override
  public int protocol() {
    return protocol;
  }

  public SimBpfSock protocol(int v) {
    protocol = v;
    return this;
  }

  @Override
  public int mark() {
    return mark;
  }

  public SimBpfSock mark(int v) {
    mark = v;
    return this;
  }

  @Override
  public int priority() {
    return priority;
  }

  public SimBpfSock priority(int v) {
    priority = v;
    return this;
  }

  @Override
  public int srcIp4() {
    return srcIp4;
  }

  public SimBpfSock srcIp4(int v) {
    srcIp4 = v;
    return this;
  }

  @Override
  public int srcPort() {
    return srcPort;
  }

  public SimBpfSock srcPort(int v) {
    srcPort = v;
    return this;
  }

  /** The destination port in network byte order, as {@link #dstPort()} returns it. */
  @Override
  public int dstPort() {
    return dstPort;
  }

  /** Sets the destination port from its number (stored in network byte order, as the kernel). */
  public SimBpfSock dstPortNumber(int port) {
    dstPort = Short.toUnsignedInt(Short.reverseBytes((short) port));
    return this;
  }

  @Override
  public int dstIp4() {
    return dstIp4;
  }

  public SimBpfSock dstIp4(int v) {
    dstIp4 = v;
    return this;
  }

  @Override
  public int state() {
    return state;
  }

  public SimBpfSock state(int v) {
    state = v;
    return this;
  }
}
