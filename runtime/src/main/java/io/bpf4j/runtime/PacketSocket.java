package io.bpf4j.runtime;

import io.bpf4j.object.kernel.ProgramType;
import io.bpf4j.runtime.links.SocketFilters;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;

/**
 * A raw {@code AF_PACKET} socket bound to one interface, receiving every protocol ({@code
 * ETH_P_ALL}), to which a socket-filter program attaches ({@code SO_ATTACH_BPF}, kernel 3.19+). The
 * program sees every packet the interface sends and receives while the socket is open.
 */
public final class PacketSocket implements AutoCloseable {
  private final Kernel kernel;
  private final String ifname;
  private final Fd fd;

  private PacketSocket(Kernel kernel, String ifname, Fd fd) {
    this.kernel = kernel;
    this.ifname = ifname;
    this.fd = fd;
  }

  /** Opens a packet socket on interface {@code ifname} (e.g. {@code lo}). */
  public static PacketSocket bind(String ifname) {
    return bind(SystemKernel.get(), ifname);
  }

  static PacketSocket bind(Kernel kernel, String ifname) {
    return new PacketSocket(kernel, ifname, SocketFilters.bind(kernel, ifname));
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
    SocketFilters.attach(kernel, fd, program.fd(), program.name(), ifname);
  }

  /** Detaches the program; the socket stays open. */
  public void detach() {
    SocketFilters.detach(kernel, fd, ifname);
  }

  public String interfaceName() {
    return ifname;
  }

  @Override
  public void close() {
    fd.close();
  }
}
