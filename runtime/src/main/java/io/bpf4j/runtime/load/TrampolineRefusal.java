package io.bpf4j.runtime.load;

import io.bpf4j.object.kernel.AttachType;
import io.bpf4j.object.kernel.ProgramType;
import io.bpf4j.object.link.LinkedProgram;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.errors.Errors;
import io.bpf4j.runtime.sys.SyscallException;

/**
 * The message for an {@code EPERM} at the load of an fentry, fexit, fmod_ret or lsm program. Those
 * run through BPF trampolines, which a kernel may refuse to privileged callers too: under lockdown
 * (confidentiality mode forbids them), without trampoline support ({@code
 * CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS}, a JIT that emits trampolines), or for lsm without
 * {@code CONFIG_BPF_LSM} and {@code bpf} in the {@code lsm=} list. A message about privileges alone
 * would send a root user looking in the wrong place.
 */
final class TrampolineRefusal {
  private TrampolineRefusal() {}

  static boolean applies(LinkedProgram p) {
    if (p.programType() == ProgramType.LSM.kernelId()) {
      return true;
    }
    int a = p.expectedAttachType();
    return p.programType() == ProgramType.TRACING.kernelId()
        && (a == AttachType.TRACE_FENTRY.kernelId()
            || a == AttachType.TRACE_FEXIT.kernelId()
            || a == AttachType.MODIFY_RETURN.kernelId());
  }

  static BpfException exception(LinkedProgram p, SyscallException e) {
    boolean lsm = p.programType() == ProgramType.LSM.kernelId();
    return new BpfException(
        e.errno(),
        "loading program "
            + p.name()
            + " (section "
            + p.section()
            + ") failed (EPERM): the kernel refused "
            + (lsm ? "the BPF LSM program" : "the BPF trampoline")
            + " it needs. "
            + (lsm
                ? "LSM programs need CONFIG_BPF_LSM and 'bpf' in the lsm= boot list"
                    + " (cat /sys/kernel/security/lsm), and BPF trampolines; "
                : "fentry, fexit and fmod_ret programs run through BPF trampolines, which ")
            + "kernel lockdown (cat /sys/kernel/security/lockdown) or a kernel built without"
            + " trampoline support (CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS, a JIT that emits"
            + " trampolines) refuses even to root. Use a tracepoint, tp_btf or raw_tp program"
            + " instead. (Without root, EPERM also means: "
            + Errors.PRIVILEGES
            + ")",
        e);
  }
}
