package io.bpf4j.runtime.links;

import io.bpf4j.object.btf.BtfNameIndex;
import io.bpf4j.object.kernel.AttachType;
import io.bpf4j.object.kernel.Errno;
import io.bpf4j.object.kernel.ProgramType;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.errors.Errors;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;
import io.bpf4j.runtime.sys.SyscallException;

/**
 * Programs attached by BTF id ({@code tp_btf}, {@code fentry}, {@code fexit}, {@code fmod_ret},
 * {@code lsm}, {@code iter}): the load names the target's id in the kernel's BTF ({@code
 * attach_btf_id}), found by the name libbpf derives from the section; the attachment is then a
 * {@code BPF_LINK_CREATE} with no target (5.8+), or {@code BPF_RAW_TRACEPOINT_OPEN} without a name
 * on older kernels.
 */
public final class BtfTargets {
  private BtfTargets() {}

  /** The BTF type a section's target names: its kind and name. */
  record Target(int kind, String name) {
    String describe() {
      return (kind == BtfNameIndex.KIND_FUNC ? "function " : "typedef ") + name;
    }
  }

  /** Whether programs of {@code programType} need an {@code attach_btf_id} at load. */
  public static boolean needsTarget(int programType) {
    return programType == ProgramType.TRACING.kernelId()
        || programType == ProgramType.LSM.kernelId();
  }

  /** The BTF type libbpf looks up for {@code section}. */
  static Target target(String section, int expectedAttachType) {
    AttachPoint point = AttachPoint.of(section);
    if (!(point instanceof AttachPoint.BtfTraced traced)) {
      throw new BpfException(
          0, "section " + section + " names no attach target (write " + section + "/<name>)");
    }
    String name = traced.target();
    AttachType type = traced.attachType();
    return switch (type) {
      case TRACE_RAW_TP -> new Target(BtfNameIndex.KIND_TYPEDEF, "btf_trace_" + name);
      case LSM_MAC -> new Target(BtfNameIndex.KIND_FUNC, "bpf_lsm_" + name);
      case TRACE_ITER -> new Target(BtfNameIndex.KIND_FUNC, "bpf_iter_" + name);
      default -> new Target(BtfNameIndex.KIND_FUNC, name);
    };
  }

  /**
   * The {@code attach_btf_id} of a program of {@code section}: its target's id in the kernel's BTF;
   * an error naming the target when the kernel has none.
   */
  public static int attachBtfId(
      Kernel kernel, String programName, String section, int expectedAttachType) {
    Target target = target(section, expectedAttachType);
    return VmlinuxBtf.find(kernel, target.kind(), target.name())
        .orElseThrow(
            () ->
                new BpfException(
                    Errno.ESRCH,
                    "program "
                        + programName
                        + " (section "
                        + section
                        + "): the running kernel's BTF has no "
                        + target.describe()
                        + ", so it cannot be attached there; is the name right for this kernel?"
                        + " (bpftool btf dump file /sys/kernel/btf/vmlinux | grep "
                        + target.name()
                        + ")"));
  }

  /** Attaches a program loaded with its target's BTF id. */
  public static Attachment attach(
      Kernel kernel, Fd program, String programName, AttachPoint.BtfTraced point, String section) {
    String description = section;
    String what = "attaching " + programName + " (" + section + ")";
    try {
      return new LinkFdAttachment(
          kernel, description, kernel.linkCreate(program, null, point.attachType().kernelId(), 0));
    } catch (SyscallException e) {
      if (e.errno() != Errno.EINVAL || point.attachType() == AttachType.TRACE_ITER) {
        throw Errors.of(e, what);
      }
    }
    // Kernels before 5.8 attach tracing programs by raw tracepoint open without a name.
    try {
      return new LinkFdAttachment(kernel, description, kernel.rawTracepointOpen(program, null));
    } catch (SyscallException e) {
      throw Errors.of(e, what);
    }
  }
}
