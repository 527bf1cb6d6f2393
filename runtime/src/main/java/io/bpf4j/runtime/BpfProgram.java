package io.bpf4j.runtime;

import io.bpf4j.object.kernel.AttachType;
import io.bpf4j.object.kernel.Errno;
import io.bpf4j.object.kernel.ProgramType;
import io.bpf4j.runtime.errors.Errors;
import io.bpf4j.runtime.links.Attachment;
import io.bpf4j.runtime.links.SectionAttachments;
import io.bpf4j.runtime.pins.Pins;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;
import io.bpf4j.runtime.sys.SyscallException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A program loaded into the kernel. Its fd is owned by the {@link BpfObject} that loaded it, or by
 * this handle when it was opened from a pin or loaded alone.
 */
public final class BpfProgram implements AutoCloseable {
  private final Kernel kernel;
  private final String name;
  private final ProgramType type;
  private final Fd fd;
  private final boolean ownsFd;
  private final String section;
  private final int expectedAttachType;
  private final Consumer<BpfLink> linkOwner;

  BpfProgram(Kernel kernel, String name, ProgramType type, Fd fd, boolean ownsFd) {
    this(kernel, name, type, fd, ownsFd, null, 0, link -> {});
  }

  /**
   * A program of an object: {@code section} as the object names it, and {@code linkOwner}, which
   * takes every link attached from this handle so that the links close with the object.
   */
  BpfProgram(
      Kernel kernel,
      String name,
      ProgramType type,
      Fd fd,
      boolean ownsFd,
      String section,
      int expectedAttachType,
      Consumer<BpfLink> linkOwner) {
    this.kernel = kernel;
    this.name = name;
    this.type = type;
    this.fd = fd;
    this.ownsFd = ownsFd;
    this.section = section;
    this.expectedAttachType = expectedAttachType;
    this.linkOwner = linkOwner;
    fd.describe("program " + name);
  }

  /** Opens a program pinned at {@code path}. */
  public static BpfProgram openPinned(Path path) {
    return openPinned(SystemKernel.get(), path);
  }

  static BpfProgram openPinned(Kernel kernel, Path path) {
    Fd fd = new Pins(kernel).open(path, "program", Pins.PROGRAM);
    try {
      return new BpfProgram(
          kernel, path.getFileName().toString(), ProgramType.of(kernel.progType(fd)), fd, true);
    } catch (SyscallException e) {
      fd.close();
      throw Errors.of(e, "reading the program pinned at " + path, path + " is not a program");
    }
  }

  public String name() {
    return name;
  }

  /** The program type ({@code enum bpf_prog_type}). */
  public ProgramType type() {
    return type;
  }

  /**
   * The ELF section the program came from ({@code tracepoint/sched/sched_process_exec}), or null
   * for a program opened from a pin.
   */
  public String section() {
    return section;
  }

  /**
   * The attach type the program was loaded for ({@code expected_attach_type}), from its section;
   * null when the section names none or the program was opened from a pin.
   */
  public AttachType expectedAttachType() {
    if (section == null || expectedAttachType == 0) {
      return null;
    }
    return Arrays.stream(AttachType.values())
        .filter(t -> t.kernelId() == expectedAttachType)
        .findFirst()
        .orElse(null);
  }

  /**
   * Attaches the program where its section says, as libbpf's auto-attach does: {@code
   * tracepoint/<category>/<event>} (and {@code tp/}), {@code raw_tracepoint/<event>} ({@code
   * raw_tp/}), {@code tp_btf/<event>}, {@code fentry/<fn>}, {@code fexit/<fn>}, {@code
   * fmod_ret/<fn>}, {@code lsm/<hook>}, {@code iter/<target>}, {@code uprobe/<path>:<symbol>} and
   * {@code uretprobe/...}. A program of an object is detached when the object closes, at the
   * latest.
   *
   * @throws BpfException when the section names no target (the message names the {@link Links}
   *     method that attaches it), or the kernel refuses
   */
  public BpfLink attach() {
    return adopt(SectionAttachments.attach(kernel, fd, name, section));
  }

  /** Wraps what attaching this program made into a link that closes with this program's object. */
  BpfLink adopt(Attachment attachment) {
    BpfLink link = new BpfLink(attachment);
    linkOwner.accept(link);
    return link;
  }

  /** The program's file descriptor. */
  public int fd() {
    return fd.get();
  }

  Fd fdHandle() {
    return fd;
  }

  Kernel kernel() {
    return kernel;
  }

  /** Pins the program at {@code path} on a bpffs, so it outlives this process. */
  public void pin(Path path) {
    new Pins(kernel).pin(fd, path, "program " + name);
  }

  /**
   * Runs the program {@code repeat} times on {@code packet} with {@code BPF_PROG_TEST_RUN}. For
   * packet programs the packet starts with its Ethernet header.
   */
  public TestRunResult testRun(byte[] packet, int repeat) {
    try {
      Kernel.TestRun r = kernel.progTestRun(fd, packet, Math.max(1, repeat));
      return new TestRunResult(r.retval(), r.durationNs(), r.dataOut());
    } catch (SyscallException e) {
      if (e.errno() == Errno.ENOSPC) {
        throw new BpfException(
            e.errno(),
            "test run of program "
                + name
                + " failed (ENOSPC): the program grew the packet beyond the output buffer ("
                + e.call()
                + ")",
            e);
      }
      throw Errors.of(
          e,
          "test run of program " + name,
          "this program type may not support test runs, or the packet is shorter than the"
              + " Ethernet header (14 bytes)");
    }
  }

  /**
   * Runs an XDP program on {@code repeat} live frames made from {@code frame} ({@code
   * BPF_F_TEST_XDP_LIVE_FRAMES}, kernel 5.18+), {@code batchSize} (1 to 256) per batch: frames the
   * program transmits or redirects really leave (an {@code XDP_TX} goes back out of loopback), so
   * this measures the whole XDP path. The result has the duration and no data.
   */
  public TestRunResult testRunLiveFrames(byte[] frame, int repeat, int batchSize) {
    try {
      Kernel.TestRun r = kernel.progTestRunLiveFrames(fd, frame, Math.max(1, repeat), batchSize);
      return new TestRunResult(r.retval(), r.durationNs(), r.dataOut());
    } catch (SyscallException e) {
      throw Errors.of(
          e,
          "live-frames test run of program " + name,
          "live frames need an XDP program, a kernel 5.18+ and a batch size of 1 to 256");
    }
  }

  /**
   * What the kernel reports about this program now: the verifier's processed-instruction count, the
   * translated and JIT sizes, its ids and run statistics ({@code BPF_OBJ_GET_INFO_BY_FD}).
   */
  public ProgramInfo info() {
    try {
      return ProgramInfo.of(kernel.progInfo(fd));
    } catch (SyscallException e) {
      throw Errors.of(e, "reading the info of program " + name);
    }
  }

  @Override
  public void close() {
    if (ownsFd) {
      fd.close();
    }
  }

  @Override
  public String toString() {
    return "BpfProgram[" + name + ", " + type + "]";
  }
}
