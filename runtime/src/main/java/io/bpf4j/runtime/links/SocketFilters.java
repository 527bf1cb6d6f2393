package io.bpf4j.runtime.links;

import io.bpf4j.runtime.errors.Errors;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;
import io.bpf4j.runtime.sys.SyscallException;

/**
 * Raw {@code AF_PACKET} sockets bound to one interface, receiving every protocol ({@code
 * ETH_P_ALL}), and socket-filter programs attached to them ({@code SO_ATTACH_BPF}, kernel 3.19+).
 */
public final class SocketFilters {
  static final int AF_PACKET = 17;
  static final int SOCK_RAW = 3;
  static final int ETH_P_ALL = 0x0003;
  static final int SOL_SOCKET = 1;
  static final int SO_ATTACH_BPF = 50;
  static final int SO_DETACH_BPF = 27;

  /** {@code sizeof(struct sockaddr_ll)}. */
  static final int SOCKADDR_LL_SIZE = 20;

  private SocketFilters() {}

  /** A packet socket bound to {@code ifname}; the caller owns it. */
  public static Fd bind(Kernel kernel, String ifname) {
    int ifindex = Interfaces.index(kernel, ifname);
    Fd fd;
    try {
      fd = kernel.socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
    } catch (SyscallException e) {
      throw Errors.of(e, "opening a packet socket (needs CAP_NET_RAW)");
    }
    try {
      kernel.bind(fd, sockaddrLl(ifindex));
      return fd;
    } catch (SyscallException e) {
      fd.close();
      throw Errors.of(e, "binding a packet socket to " + ifname);
    }
  }

  /** {@code struct sockaddr_ll} for every protocol on interface {@code ifindex}. */
  static byte[] sockaddrLl(int ifindex) {
    byte[] addr = new byte[SOCKADDR_LL_SIZE];
    addr[0] = (byte) AF_PACKET;
    int proto = htons(ETH_P_ALL);
    addr[2] = (byte) proto;
    addr[3] = (byte) (proto >>> 8);
    putInt(addr, 4, ifindex);
    return addr;
  }

  private static int htons(int v) {
    return ((v & 0xff) << 8) | ((v >>> 8) & 0xff);
  }

  private static void putInt(byte[] b, int at, int v) {
    for (int i = 0; i < 4; i++) {
      b[at + i] = (byte) (v >>> (8 * i));
    }
  }

  /** Attaches program fd {@code program} to {@code socket}, replacing any attached before. */
  public static void attach(
      Kernel kernel, Fd socket, int program, String programName, String ifname) {
    byte[] value = new byte[4];
    putInt(value, 0, program);
    try {
      kernel.setsockopt(socket, SOL_SOCKET, SO_ATTACH_BPF, value);
    } catch (SyscallException e) {
      throw Errors.of(e, "attaching " + programName + " to the packet socket on " + ifname);
    }
  }

  /** Detaches the program of {@code socket}. */
  public static void detach(Kernel kernel, Fd socket, String ifname) {
    try {
      kernel.setsockopt(socket, SOL_SOCKET, SO_DETACH_BPF, new byte[4]);
    } catch (SyscallException e) {
      throw Errors.of(e, "detaching from the packet socket on " + ifname, "no program is attached");
    }
  }
}
