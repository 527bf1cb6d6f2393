package io.bpf4j.runtime;

import io.bpf4j.runtime.pins.Pins;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;
import java.nio.file.Path;

/**
 * A BPF link (kernel 5.7+): an attachment that lasts while the link fd is open or pinned. Closing
 * an unpinned link detaches the program.
 */
public final class BpfLink implements AutoCloseable {
  private final Kernel kernel;
  private final String description;
  private final Fd fd;

  BpfLink(Kernel kernel, String description, Fd fd) {
    this.kernel = kernel;
    this.description = description;
    this.fd = fd;
    fd.describe("link " + description);
  }

  public int fd() {
    return fd.get();
  }

  /** Pins the link so the attachment outlives this process. */
  public void pin(Path path) {
    new Pins(kernel).pin(fd, path, "link " + description);
  }

  @Override
  public void close() {
    fd.close();
  }

  @Override
  public String toString() {
    return "BpfLink[" + description + "]";
  }
}
