package io.bpf4j.runtime.load;

import io.bpf4j.object.btf.BtfWriter;
import io.bpf4j.object.kernel.Errno;
import io.bpf4j.object.link.LinkedProgram;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.VerifierException;
import io.bpf4j.runtime.errors.Errors;
import io.bpf4j.runtime.errors.Privileges;
import io.bpf4j.runtime.links.BtfTargets;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;
import io.bpf4j.runtime.sys.LogBuffer;
import io.bpf4j.runtime.sys.SyscallException;
import java.util.Map;

/**
 * Loads one linked program: relocated against the object's maps, with its func_info and line_info
 * when the object has BTF. A rejection is loaded once more with a verifier log of at most {@link
 * #LOG_SIZE} bytes and becomes a {@link VerifierException} that points at the source line. The
 * cause is at the end of the log; when the log is longer, the kernel (6.4+) keeps its end, so one
 * more run of the verifier is all a rejection costs (growing the buffer until an 85 MB log of a
 * million-step loop fitted took six runs, 15 s and 700 MB).
 */
public final class ProgramLoader {
  /**
   * The verifier log's size: enough for every log of a program that is not looping through the
   * verifier's million-instruction budget, and the most that kernels before 5.2 accept.
   */
  static final int LOG_SIZE = 16 << 20;

  /** The BTF checker's log: its messages are short. */
  static final int BTF_LOG_SIZE = 1 << 20;

  private final Kernel kernel;

  public ProgramLoader(Kernel kernel) {
    this.kernel = kernel;
  }

  /**
   * Loads {@code p}; {@code btfFd} and {@code btf} are null for an object without BTF. The caller
   * owns the returned fd.
   */
  public Fd load(
      LinkedProgram p, String license, Map<String, Fd> maps, Fd btfFd, BtfWriter.Encoded btf) {
    byte[] insns = Relocations.apply(p, maps);
    boolean withBtf = btfFd != null;
    int attachBtfId =
        BtfTargets.needsTarget(p.programType())
            ? BtfTargets.attachBtfId(kernel, p.name(), p.section(), p.expectedAttachType())
            : 0;
    Kernel.ProgLoad load =
        new Kernel.ProgLoad(
            p.programType(),
            p.expectedAttachType(),
            p.kernelName(),
            insns,
            license,
            withBtf ? btfFd : null,
            Relocations.funcInfo(p),
            withBtf ? p.funcInfo().size() : 0,
            withBtf ? Relocations.lineInfo(p, btf) : new byte[0],
            withBtf ? p.lineInfo().size() : 0,
            p.programFlags(),
            attachBtfId);
    try {
      return kernel.progLoad(load, null);
    } catch (SyscallException e) {
      if (e.errno() == Errno.EPERM && TrampolineRefusal.applies(p)) {
        throw TrampolineRefusal.exception(p, e);
      }
      if (e.errno() == Errno.EPERM) {
        throw Errors.of(
            e,
            "loading program " + p.name(),
            "",
            kernel.effectiveCapabilities(),
            Privileges.forProgram(p.programType()),
            Privileges.whoNeeds(p.programType()));
      }
      throw verifierError(p, load, e);
    }
  }

  /** Loads again with a verifier log, and turns the log into an exception. */
  private BpfException verifierError(
      LinkedProgram p, Kernel.ProgLoad load, SyscallException first) {
    LogBuffer log = new LogBuffer(LOG_SIZE);
    try {
      kernel.progLoad(load, log).close();
      return new BpfException(
          first.errno(),
          "loading program "
              + p.name()
              + " failed ("
              + Errno.name(first.errno())
              + ") but succeeded with a verifier log; retry the load",
          first);
    } catch (SyscallException e) {
      String text = log.text();
      // A truncated log turns the verifier's errno into ENOSPC; the first load's is the real one.
      int errno = e.errno() == Errno.ENOSPC ? first.errno() : e.errno();
      if (text.isBlank()) {
        return new BpfException(
            errno,
            "loading program "
                + p.name()
                + " failed ("
                + Errno.name(errno)
                + ") without a verifier log: the kernel rejected its"
                + " attributes (program type "
                + p.programType()
                + ", attach type "
                + p.expectedAttachType()
                + ", flags "
                + p.programFlags()
                + ")",
            e);
      }
      boolean truncated = e.errno() == Errno.ENOSPC || log.truncated();
      VerifierLog.Summary summary = VerifierLog.summarize(text, p.lineInfo());
      String hint = VerifierHints.forReason(summary.reason(), kernel.effectiveCapabilities());
      String summaryText = summary.text() + (hint == null ? "" : "\n  " + hint);
      if (truncated) {
        summaryText +=
            log.trueSize() > 0
                ? "\n  (the verifier log had "
                    + log.trueSize()
                    + " bytes; kept: its last "
                    + text.length()
                    + ", where the cause is)"
                : "\n  (the verifier log had more than "
                    + LOG_SIZE
                    + " bytes; this kernel, older than 6.4, kept its beginning, so the cause may"
                    + " be missing)";
      }
      return new VerifierException(
          errno, p.name(), text, summaryText, summary.location(), log.trueSize());
    }
  }
}
