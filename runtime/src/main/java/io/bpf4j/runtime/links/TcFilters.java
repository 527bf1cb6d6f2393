package io.bpf4j.runtime.links;

import io.bpf4j.object.kernel.Errno;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.Direction;
import io.bpf4j.runtime.errors.Errors;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;
import io.bpf4j.runtime.sys.SyscallException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Classic tc attachment, for kernels without tcx (before 6.6), as {@code tc filter add dev X
 * ingress bpf da obj ...} and libbpf's {@code bpf_tc_attach} make it over rtnetlink: a {@code
 * clsact} qdisc on the interface (created when missing; it stays, since other filters may hang on
 * it), then a {@code bpf} filter on its ingress or egress hook in direct-action mode (the program's
 * return value is the tc verdict), matching every protocol. The kernel picks the filter's priority
 * and handle and echoes them back; deleting the filter by them detaches.
 */
public final class TcFilters {
  /** {@code TC_H_CLSACT}, the parent of the clsact qdisc (same value as {@code TC_H_INGRESS}). */
  static final int TC_H_CLSACT = 0xFFFFFFF1;

  /** The clsact qdisc's own handle: {@code TC_H_MAKE(TC_H_CLSACT, 0)}. */
  static final int CLSACT_HANDLE = 0xFFFF0000;

  /** {@code TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_INGRESS / TC_H_MIN_EGRESS)}. */
  static final int INGRESS_PARENT = 0xFFFFFFF2;

  static final int EGRESS_PARENT = 0xFFFFFFF3;

  static final int TCA_KIND = 1;
  static final int TCA_OPTIONS = 2;
  static final int TCA_BPF_FD = 6;
  static final int TCA_BPF_NAME = 7;
  static final int TCA_BPF_FLAGS = 8;
  static final int TCA_BPF_FLAG_ACT_DIRECT = 1;

  /** {@code htons(ETH_P_ALL)} in the low 16 bits of {@code tcm_info}: every protocol. */
  static final int ALL_PROTOCOLS = 0x0300;

  private TcFilters() {}

  static int parent(Direction direction) {
    return direction == Direction.INGRESS ? INGRESS_PARENT : EGRESS_PARENT;
  }

  /** {@code RTM_NEWQDISC} for a clsact qdisc on {@code ifindex}, failing if there is one. */
  static byte[] newClsactQdisc(int seq, int ifindex) {
    return NetlinkMessage.tc(
            NetlinkMessage.RTM_NEWQDISC,
            NetlinkMessage.NLM_F_REQUEST
                | NetlinkMessage.NLM_F_ACK
                | NetlinkMessage.NLM_F_CREATE
                | NetlinkMessage.NLM_F_EXCL,
            seq,
            ifindex,
            CLSACT_HANDLE,
            TC_H_CLSACT,
            0)
        .string(TCA_KIND, "clsact")
        .bytes();
  }

  /** {@code RTM_NEWTFILTER} for a direct-action bpf filter, echoed back with its handle. */
  static byte[] newBpfFilter(int seq, int ifindex, int parent, int programFd, String name) {
    return NetlinkMessage.tc(
            NetlinkMessage.RTM_NEWTFILTER,
            NetlinkMessage.NLM_F_REQUEST
                | NetlinkMessage.NLM_F_ACK
                | NetlinkMessage.NLM_F_CREATE
                | NetlinkMessage.NLM_F_EXCL
                | NetlinkMessage.NLM_F_ECHO,
            seq,
            ifindex,
            0,
            parent,
            ALL_PROTOCOLS)
        .string(TCA_KIND, "bpf")
        .beginNested(TCA_OPTIONS)
        .u32(TCA_BPF_FD, programFd)
        .string(TCA_BPF_NAME, name)
        .u32(TCA_BPF_FLAGS, TCA_BPF_FLAG_ACT_DIRECT)
        .endNested()
        .bytes();
  }

  /** {@code RTM_DELTFILTER} of the filter with {@code handle} and {@code info}. */
  static byte[] deleteFilter(int seq, int ifindex, int parent, int handle, int info) {
    return NetlinkMessage.tc(
            NetlinkMessage.RTM_DELTFILTER,
            NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_ACK,
            seq,
            ifindex,
            handle,
            parent,
            info)
        .string(TCA_KIND, "bpf")
        .bytes();
  }

  /** Attaches {@code program} to {@code ifname}'s {@code direction} hook. */
  public static Attachment attach(
      Kernel kernel, Fd program, String programName, String ifname, Direction direction) {
    int ifindex = Interfaces.index(kernel, ifname);
    int parent = parent(direction);
    String description =
        "tc " + direction.name().toLowerCase() + " filter " + programName + " on " + ifname;
    try (RtNetlink nl = RtNetlink.open(kernel)) {
      ensureClsact(nl, ifindex, ifname);
      int seq = nl.nextSeq();
      List<ByteBuffer> echoed;
      int fd = program.acquire();
      try {
        echoed = nl.request(newBpfFilter(seq, ifindex, parent, fd, programName), seq);
      } finally {
        program.release();
      }
      for (ByteBuffer m : echoed) {
        if (Short.toUnsignedInt(m.getShort(4)) == NetlinkMessage.RTM_NEWTFILTER) {
          int handle = m.getInt(NetlinkMessage.HEADER + 8);
          int info = m.getInt(NetlinkMessage.HEADER + 16);
          return new TcFilterAttachment(
              kernel, description, program, ifindex, parent, handle, info);
        }
      }
      throw new BpfException(
          0, "adding " + description + ": the kernel did not echo the new filter back");
    } catch (SyscallException e) {
      throw Errors.of(e, "adding " + description + " (rtnetlink, needs CAP_NET_ADMIN)");
    } catch (RtNetlink.NetlinkException e) {
      throw failure("adding " + description, e);
    }
  }

  private static void ensureClsact(RtNetlink nl, int ifindex, String ifname)
      throws SyscallException {
    int seq = nl.nextSeq();
    try {
      nl.request(newClsactQdisc(seq, ifindex), seq);
    } catch (RtNetlink.NetlinkException e) {
      if (e.errno != Errno.EEXIST) {
        throw failure("adding a clsact qdisc to " + ifname, e);
      }
    }
  }

  /** Deletes a filter that {@link #attach} added; a filter already gone is no error. */
  static void detach(Kernel kernel, int ifindex, int parent, int handle, int info, String what) {
    try (RtNetlink nl = RtNetlink.open(kernel)) {
      int seq = nl.nextSeq();
      nl.request(deleteFilter(seq, ifindex, parent, handle, info), seq);
    } catch (SyscallException e) {
      throw Errors.of(e, "deleting " + what);
    } catch (RtNetlink.NetlinkException e) {
      // ENOENT: deleted by someone else; ENODEV/EINVAL: the interface or its qdisc is gone.
      if (e.errno != Errno.ENOENT && e.errno != Errno.ENODEV && e.errno != Errno.EINVAL) {
        throw failure("deleting " + what, e);
      }
    }
  }

  private static BpfException failure(String what, RtNetlink.NetlinkException e) {
    String advice =
        switch (e.errno) {
          case Errno.EPERM -> "permission denied: needs CAP_NET_ADMIN";
          case Errno.EINVAL ->
              "the program is no tc (sched_cls) program, or the kernel lacks" + " cls_bpf/clsact";
          case Errno.ENOENT -> "no such qdisc or filter";
          default -> "unexpected error";
        };
    return new BpfException(
        e.errno,
        what
            + " failed ("
            + Errno.name(e.errno)
            + "): "
            + (e.kernelMessage == null ? advice : e.kernelMessage + "; " + advice),
        e);
  }
}
