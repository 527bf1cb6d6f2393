package io.bpf4j.runtime;

import io.bpf4j.runtime.sys.BpfSys;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Syscalls;
import io.bpf4j.runtime.sys.Syscalls.SyscallException;

/** Attaches network programs through {@code BPF_LINK_CREATE}. */
public final class Links {
  private static final int BPF_XDP = 37;
  private static final int BPF_TCX_INGRESS = 46;
  private static final int BPF_TCX_EGRESS = 47;

  private Links() {}

  /** Attaches a tc program with tcx (kernel 6.6+) to {@code ifname} in {@code direction}. */
  public static BpfLink tcx(BpfProgram program, String ifname, Direction direction) {
    int type = direction == Direction.INGRESS ? BPF_TCX_INGRESS : BPF_TCX_EGRESS;
    return create(program, ifname, type, "tcx " + direction.name().toLowerCase());
  }

  /** Attaches an XDP program to {@code ifname} (kernel 5.9+ for XDP links). */
  public static BpfLink xdp(BpfProgram program, String ifname) {
    return create(program, ifname, BPF_XDP, "xdp");
  }

  private static BpfLink create(BpfProgram program, String ifname, int attachType, String what) {
    int ifindex = Syscalls.ifNameToIndex(ifname);
    if (ifindex == 0) {
      throw new BpfException(
          0, "no network interface named " + ifname + "; list them with: ip link");
    }
    try {
      Fd fd = BpfSys.linkCreate(program.fdHandle(), ifindex, attachType, 0);
      return new BpfLink(what + " " + program.name() + " on " + ifname, fd);
    } catch (SyscallException e) {
      throw Errors.of(
          e,
          "attaching " + program.name() + " as " + what + " on " + ifname,
          "the program's type does not fit this attachment (tcx needs a tc program, xdp an XDP"
              + " program) or the kernel is too old");
    }
  }
}
