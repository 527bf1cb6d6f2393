package io.bpf4j.runtime.links;

import java.nio.file.Path;

/**
 * What attaching a program made, and how to undo it: a BPF link fd ({@link LinkFdAttachment}), a
 * perf event carrying the program on kernels without perf links ({@link PerfEventAttachment}), or a
 * tc filter ({@link TcFilterAttachment}). {@code BpfLink} wraps one.
 */
public interface Attachment extends AutoCloseable {
  /** What is attached where ({@code tracepoint syscalls/sys_enter_getppid}), for messages. */
  String description();

  /** The fd that holds the attachment, or -1 when none does (a tc filter lives in the kernel). */
  int fd();

  /** Makes the attachment outlive this process, reachable at {@code path} on a bpffs. */
  void pin(Path path);

  /** Detaches; idempotent. */
  @Override
  void close();
}
