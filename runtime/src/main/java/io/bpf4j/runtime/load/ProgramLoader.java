package io.bpf4j.runtime.load;

import io.bpf4j.object.btf.BtfWriter;
import io.bpf4j.object.kernel.Errno;
import io.bpf4j.object.link.LinkedProgram;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.VerifierException;
import io.bpf4j.runtime.errors.Errors;
import io.bpf4j.runtime.links.BtfTargets;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;
import io.bpf4j.runtime.sys.LogBuffer;
import io.bpf4j.runtime.sys.SyscallException;
import java.util.Map;

/**
 * Loads one linked program: relocated against the object's maps, with its func_info and line_info
 * when the object has BTF. A rejection is loaded again with a verifier log, growing the log until
 * the whole of it fits, and becomes a {@link VerifierException} that points at the source line.
 */
public final class ProgramLoader {
  static final int FIRST_LOG_SIZE = 1 << 20;
  static final int MAX_LOG_SIZE = 1 << 28;

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
        throw Errors.of(e, "loading program " + p.name());
      }
      throw verifierError(p, load, e);
    }
  }

  /** Loads again with a verifier log, growing the buffer until the whole log fits. */
  private BpfException verifierError(
      LinkedProgram p, Kernel.ProgLoad load, SyscallException first) {
    int size = FIRST_LOG_SIZE;
    while (true) {
      LogBuffer log = new LogBuffer(size);
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
        if (e.errno() == Errno.ENOSPC && size < MAX_LOG_SIZE) {
          size *= 4;
          continue;
        }
        String text = log.text();
        if (text.isBlank()) {
          return new BpfException(
              e.errno(),
              "loading program "
                  + p.name()
                  + " failed ("
                  + Errno.name(e.errno())
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
        VerifierLog.Summary summary = VerifierLog.summarize(text);
        return new VerifierException(e.errno(), p.name(), text, summary.text(), summary.location());
      }
    }
  }
}
