package io.bpf4j.runtime.links;

import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;

/**
 * Auto-attach: a program attached where its section says, as libbpf's {@code bpf_program__attach}.
 */
public final class SectionAttachments {
  private SectionAttachments() {}

  /** Whether {@code section} names where to attach (so {@code attachAll} attaches it). */
  public static boolean namesTarget(String section) {
    return section != null && !(AttachPoint.of(section) instanceof AttachPoint.Elsewhere);
  }

  /**
   * Attaches {@code program} where {@code section} says; an error naming the way when it cannot.
   */
  public static Attachment attach(Kernel kernel, Fd program, String programName, String section) {
    if (section == null) {
      throw new BpfException(
          0,
          "program "
              + programName
              + " was opened from a pin, so its section is unknown; attach it with a Links method");
    }
    AttachPoint point = AttachPoint.of(section);
    if (point instanceof AttachPoint.Tracepoint t) {
      return Tracepoints.attach(kernel, program, programName, t.category(), t.event());
    }
    if (point instanceof AttachPoint.RawTracepoint r) {
      return RawTracepoints.attach(kernel, program, programName, r.event());
    }
    if (point instanceof AttachPoint.BtfTraced b) {
      return BtfTargets.attach(kernel, program, programName, b, section);
    }
    if (point instanceof AttachPoint.Uprobe u) {
      return Uprobes.attach(
          kernel, program, programName, u.binary(), u.symbol(), u.offset(), u.ret());
    }
    AttachPoint.Elsewhere e = (AttachPoint.Elsewhere) point;
    throw new BpfException(
        0,
        "program "
            + programName
            + " (section "
            + section
            + ") does not say where to attach; attach it with "
            + e.how());
  }
}
