package io.bpf4j.runtime.links;

import io.bpf4j.object.kernel.AttachType;
import io.bpf4j.object.kernel.Errno;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.errors.Errors;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;
import io.bpf4j.runtime.sys.SyscallException;

/**
 * Attaches an XDP program to an interface with {@code BPF_LINK_CREATE} and a mode flag (kernel
 * 5.9+), turning the kernel's refusals into messages that name the mode and what to try instead.
 */
public final class XdpAttachments {
  private XdpAttachments() {}

  /**
   * The link fd of {@code program} on interface {@code ifindex} ({@code ifname} for messages) in
   * the mode whose {@code XDP_FLAGS_*_MODE} flag is {@code modeFlag}, described as {@code mode}.
   */
  public static Fd attach(
      Kernel kernel,
      Fd program,
      String programName,
      int ifindex,
      String ifname,
      int modeFlag,
      String mode) {
    String what = "attaching " + programName + " as XDP in " + mode + " mode on " + ifname;
    try {
      return kernel.linkCreate(program, ifindex, AttachType.XDP.kernelId(), modeFlag);
    } catch (SyscallException e) {
      switch (e.errno()) {
        case Errno.EOPNOTSUPP, Errno.ENOTSUPP, Errno.EINVAL -> {
          if (modeFlag != 0) {
            throw new BpfException(
                e.errno(),
                what
                    + " failed ("
                    + Errno.name(e.errno())
                    + "): "
                    + ifname
                    + " does not support XDP in "
                    + mode
                    + " mode"
                    + (modeFlag == 8
                        ? " (offload needs a NIC that runs BPF, such as Netronome's nfp); use"
                            + " XdpMode.DRIVER or XdpMode.GENERIC"
                        : modeFlag == 4
                            ? " (its driver has no native XDP); use XdpMode.GENERIC"
                            : "; the program may not be an XDP program"),
                e);
          }
          throw Errors.of(e, what, "the program is not an XDP program, or the kernel is too old");
        }
        case Errno.EBUSY, Errno.EEXIST ->
            throw new BpfException(
                e.errno(),
                what
                    + " failed ("
                    + Errno.name(e.errno())
                    + "): another XDP program is attached to "
                    + ifname
                    + " (see: ip link show "
                    + ifname
                    + "; bpftool net)",
                e);
        case Errno.ENODEV ->
            throw new BpfException(e.errno(), what + " failed (ENODEV): the interface is gone", e);
        default -> throw Errors.of(e, what);
      }
    }
  }
}
