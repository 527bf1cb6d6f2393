package io.bpf4j.runtime;

import io.bpf4j.runtime.links.Attachment;
import io.bpf4j.runtime.links.LinkFdAttachment;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;
import java.nio.file.Path;

/**
 * An attached program: a BPF link (kernel 5.7+; tracepoints and uprobes through perf event links,
 * 5.15+), or where the kernel or the hook has none, a perf event fd or a classic tc filter. It
 * lasts while open or pinned; closing an unpinned link detaches the program. Links made from a
 * {@link BpfObject}'s programs also close with the object.
 */
public final class BpfLink implements AutoCloseable {
  private final Attachment attachment;
  private volatile Runnable onClose = () -> {};

  BpfLink(Kernel kernel, String description, Fd fd) {
    this(new LinkFdAttachment(kernel, description, fd));
  }

  BpfLink(Attachment attachment) {
    this.attachment = attachment;
  }

  /**
   * The fd that holds the attachment (the link's), or -1 for a classic tc filter, which no fd
   * holds.
   */
  public int fd() {
    return attachment.fd();
  }

  /**
   * Pins the link so the attachment outlives this process. A classic tc filter has no link to pin:
   * its program is pinned at {@code path} and the filter stays when this handle closes.
   */
  public void pin(Path path) {
    attachment.pin(path);
  }

  void onClose(Runnable action) {
    this.onClose = action;
  }

  @Override
  public void close() {
    try {
      attachment.close();
    } finally {
      onClose.run();
    }
  }

  @Override
  public String toString() {
    return "BpfLink[" + attachment.description() + "]";
  }
}
