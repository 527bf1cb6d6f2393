package io.bpf4j.runtime;

import io.bpf4j.object.kernel.AttachType;
import io.bpf4j.runtime.links.LinkAttachments;
import io.bpf4j.runtime.sys.Fd;

/** Attaches network programs through {@code BPF_LINK_CREATE}. */
public final class Links {
  private Links() {}

  /** Attaches a tc program with tcx (kernel 6.6+) to {@code ifname} in {@code direction}. */
  public static BpfLink tcx(BpfProgram program, String ifname, Direction direction) {
    AttachType type =
        direction == Direction.INGRESS ? AttachType.TCX_INGRESS : AttachType.TCX_EGRESS;
    return create(program, ifname, type, "tcx " + direction.name().toLowerCase());
  }

  /** Attaches an XDP program to {@code ifname} (kernel 5.9+ for XDP links). */
  public static BpfLink xdp(BpfProgram program, String ifname) {
    return create(program, ifname, AttachType.XDP, "xdp");
  }

  private static BpfLink create(
      BpfProgram program, String ifname, AttachType attachType, String what) {
    Fd fd =
        LinkAttachments.attach(
            program.kernel(), program.fdHandle(), program.name(), ifname, attachType, what);
    return new BpfLink(program.kernel(), what + " " + program.name() + " on " + ifname, fd);
  }
}
