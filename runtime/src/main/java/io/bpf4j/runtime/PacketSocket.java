package io.bpf4j.runtime;

import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.NativeBuffer;
import io.bpf4j.runtime.sys.Syscalls;
import io.bpf4j.runtime.sys.Syscalls.SyscallException;

/**
 * A raw {@code AF_PACKET} socket bound to one interface, receiving every protocol ({@code
 * ETH_P_ALL}), to which a socket-filter program attaches ({@code SO_ATTACH_BPF}, kernel 3.19+). The
 * program sees every packet the interface sends and receives while the socket is open.
 */
public final class PacketSocket implements AutoCloseable {
  private static final int AF_PACKET = 17;
  private static final int SOCK_RAW = 3;
  private static final int ETH_P_ALL = 0x0003;
  private static final int SOL_SOCKET = 1;
  private static final int SO_ATTACH_BPF = 50;
  private static final int SO_DETACH_BPF = 27;

  private final String ifname;
  private final Fd fd;

  private PacketSocket(String ifname, Fd fd) {
    this.ifname = ifname;
    this.fd = fd;
  }

  /** Opens a packet socket on interface {@code ifname} (e.g. {@code lo}). */
  public static PacketSocket bind(String ifname) {
    int ifindex = Syscalls.ifNameToIndex(ifname);
    if (ifindex == 0) {
      throw new BpfException(
          0, "no network interface named " + ifname + "; list them with: ip link");
    }
    Fd fd;
    try {
      fd = Syscalls.socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
    } catch (SyscallException e) {
      throw Errors.of(e, "opening a packet socket (needs CAP_NET_RAW)");
    }
    try {
      NativeBuffer addr = new NativeBuffer(20);
      addr.put(0, new byte[] {(byte) AF_PACKET, 0});
      int proto = htons(ETH_P_ALL);
      addr.put(2, new byte[] {(byte) proto, (byte) (proto >>> 8)});
      addr.putInt(4, ifindex);
      Syscalls.bind(fd, addr);
      return new PacketSocket(ifname, fd);
    } catch (SyscallException e) {
      fd.close();
      throw Errors.of(e, "binding a packet socket to " + ifname);
    }
  }

  private static int htons(int v) {
    return ((v & 0xff) << 8) | ((v >>> 8) & 0xff);
  }

  /** Attaches socket-filter {@code program}, replacing any attached before. */
  public void attach(BpfProgram program) {
    if (program.type() != ProgramType.SOCKET_FILTER) {
      throw new BpfException(
          0,
          "program "
              + program.name()
              + " is "
              + program.type()
              + "; only socket filters (@Section(\"socket\")) attach to sockets");
    }
    NativeBuffer value = new NativeBuffer(4);
    value.putInt(0, program.fd());
    try {
      Syscalls.setsockopt(fd, SOL_SOCKET, SO_ATTACH_BPF, value);
    } catch (SyscallException e) {
      throw Errors.of(e, "attaching " + program.name() + " to the packet socket on " + ifname);
    }
  }

  /** Detaches the program; the socket stays open. */
  public void detach() {
    NativeBuffer value = new NativeBuffer(4);
    try {
      Syscalls.setsockopt(fd, SOL_SOCKET, SO_DETACH_BPF, value);
    } catch (SyscallException e) {
      throw Errors.of(e, "detaching from the packet socket on " + ifname, "no program is attached");
    }
  }

  public String interfaceName() {
    return ifname;
  }

  @Override
  public void close() {
    fd.close();
  }
}
