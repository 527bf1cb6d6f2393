package io.bpf4j.runtime.links;

import io.bpf4j.runtime.pins.Pins;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;
import java.nio.file.Path;

/**
 * A classic tc {@code bpf} filter: it lives in the kernel, with no fd, until deleted; closing
 * deletes it. Pinning pins the program and leaves the filter in place when closed, so that it
 * outlives the process (remove it with {@code tc filter del}).
 */
public final class TcFilterAttachment implements Attachment {
  private final Kernel kernel;
  private final String description;
  private final Fd program;
  private final int ifindex;
  private final int parent;
  private final int handle;
  private final int info;
  private boolean kept;
  private boolean closed;

  TcFilterAttachment(
      Kernel kernel,
      String description,
      Fd program,
      int ifindex,
      int parent,
      int handle,
      int info) {
    this.kernel = kernel;
    this.description = description;
    this.program = program;
    this.ifindex = ifindex;
    this.parent = parent;
    this.handle = handle;
    this.info = info;
  }

  @Override
  public String description() {
    return description
        + " (priority "
        + (info >>> 16)
        + ", handle 0x"
        + Integer.toHexString(handle)
        + ")";
  }

  @Override
  public int fd() {
    return -1;
  }

  @Override
  public synchronized void pin(Path path) {
    new Pins(kernel).pin(program, path, "program of " + description);
    kept = true;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!kept) {
      TcFilters.detach(kernel, ifindex, parent, handle, info, description);
    }
  }
}
