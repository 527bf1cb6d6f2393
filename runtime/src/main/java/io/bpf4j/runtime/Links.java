package io.bpf4j.runtime;

import io.bpf4j.object.kernel.AttachType;
import io.bpf4j.runtime.links.CgroupLinks;
import io.bpf4j.runtime.links.Interfaces;
import io.bpf4j.runtime.links.LinkAttachments;
import io.bpf4j.runtime.links.LinkFdAttachment;
import io.bpf4j.runtime.links.RawTracepoints;
import io.bpf4j.runtime.links.TcFilters;
import io.bpf4j.runtime.links.Tracepoints;
import io.bpf4j.runtime.links.Uprobes;
import io.bpf4j.runtime.links.XdpAttachments;
import io.bpf4j.runtime.sys.Fd;
import java.nio.file.Path;

/**
 * Attaches programs to the hooks their sections do not name: network interfaces, cgroups, and
 * tracepoints or uprobes chosen at run time. Every method returns a {@link BpfLink} that detaches
 * on close; links of an object's programs also close with the object.
 */
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

  /**
   * Attaches an XDP program to {@code ifname} in {@code mode} (generic, driver or offload); a mode
   * the interface does not support is a {@link BpfException} that names the mode.
   */
  public static BpfLink xdp(BpfProgram program, String ifname, XdpMode mode) {
    return xdp(program, Interfaces.index(program.kernel(), ifname), ifname, mode);
  }

  /** Attaches an XDP program to the interface with index {@code ifindex} in {@code mode}. */
  public static BpfLink xdp(BpfProgram program, int ifindex, XdpMode mode) {
    return xdp(program, ifindex, "ifindex " + ifindex, mode);
  }

  private static BpfLink xdp(BpfProgram program, int ifindex, String ifname, XdpMode mode) {
    Fd fd =
        XdpAttachments.attach(
            program.kernel(),
            program.fdHandle(),
            program.name(),
            ifindex,
            ifname,
            mode.flag(),
            mode.description());
    return program.adopt(
        new LinkFdAttachment(
            program.kernel(),
            "xdp (" + mode.description() + ") " + program.name() + " on " + ifname,
            fd));
  }

  /**
   * Attaches a tc program the classic way, for kernels without tcx (before 6.6): a {@code clsact}
   * qdisc on {@code ifname} (added when missing, and left in place) and a direct-action {@code bpf}
   * filter on its {@code direction} hook, over rtnetlink. Closing the link deletes the filter.
   */
  public static BpfLink tc(BpfProgram program, String ifname, Direction direction) {
    return program.adopt(
        TcFilters.attach(program.kernel(), program.fdHandle(), program.name(), ifname, direction));
  }

  /**
   * Attaches a cgroup program ({@code cgroup_skb/ingress}, {@code cgroup/sock_create}, {@code
   * sockops}, ...) to the cgroup v2 directory {@code cgroupDir}, at the hook its section names
   * (kernel 5.7+).
   */
  public static BpfLink cgroup(BpfProgram program, Path cgroupDir) {
    return cgroup(program, cgroupDir, program.expectedAttachType());
  }

  /** Attaches a cgroup program at hook {@code attachType} (for {@code cgroup/skb} sections). */
  public static BpfLink cgroup(BpfProgram program, Path cgroupDir, AttachType attachType) {
    return program.adopt(
        CgroupLinks.attach(
            program.kernel(), program.fdHandle(), program.name(), cgroupDir, attachType));
  }

  /**
   * Attaches a uprobe program ({@code uprobe} section, program type kprobe) to function {@code
   * symbol} of {@code binary} (an executable or shared library; a bare library name such as {@code
   * libc.so.6} is looked up in the system library directories), or with {@code ret}, to its
   * returns; in every process that runs it.
   */
  public static BpfLink uprobe(BpfProgram program, Path binary, String symbol, boolean ret) {
    return program.adopt(
        Uprobes.attach(
            program.kernel(),
            program.fdHandle(),
            program.name(),
            binary.toString(),
            symbol,
            0,
            ret));
  }

  /** Attaches a tracepoint program to tracepoint {@code category/event}. */
  public static BpfLink tracepoint(BpfProgram program, String category, String event) {
    return program.adopt(
        Tracepoints.attach(program.kernel(), program.fdHandle(), program.name(), category, event));
  }

  /** Attaches a raw tracepoint program to raw tracepoint {@code event}. */
  public static BpfLink rawTracepoint(BpfProgram program, String event) {
    return program.adopt(
        RawTracepoints.attach(program.kernel(), program.fdHandle(), program.name(), event));
  }

  private static BpfLink create(
      BpfProgram program, String ifname, AttachType attachType, String what) {
    Fd fd =
        LinkAttachments.attach(
            program.kernel(), program.fdHandle(), program.name(), ifname, attachType, what);
    return program.adopt(
        new LinkFdAttachment(program.kernel(), what + " " + program.name() + " on " + ifname, fd));
  }
}
