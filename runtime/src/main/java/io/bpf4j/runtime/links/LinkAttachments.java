package io.bpf4j.runtime.links;

import io.bpf4j.object.kernel.AttachType;
import io.bpf4j.runtime.errors.Errors;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;
import io.bpf4j.runtime.sys.SyscallException;

/** Attaches a program to a network interface with {@code BPF_LINK_CREATE} (kernel 5.7+). */
public final class LinkAttachments {
  private LinkAttachments() {}

  /**
   * The link fd of {@code program} attached to {@code ifname} as {@code attachType}; {@code what}
   * ("xdp", "tcx ingress") names the attachment in messages.
   */
  public static Fd attach(
      Kernel kernel,
      Fd program,
      String programName,
      String ifname,
      AttachType attachType,
      String what) {
    int ifindex = Interfaces.index(kernel, ifname);
    try {
      return kernel.linkCreate(program, ifindex, attachType.kernelId(), 0);
    } catch (SyscallException e) {
      throw Errors.of(
          e,
          "attaching " + programName + " as " + what + " on " + ifname,
          "the program's type does not fit this attachment (tcx needs a tc program, xdp an XDP"
              + " program) or the kernel is too old");
    }
  }
}
