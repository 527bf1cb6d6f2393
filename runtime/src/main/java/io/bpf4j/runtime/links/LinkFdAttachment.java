package io.bpf4j.runtime.links;

import io.bpf4j.runtime.pins.Pins;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;
import java.nio.file.Path;

/**
 * A BPF link (kernel 5.7+; perf event links 5.15+): the attachment lasts while the link fd is open
 * or pinned, so closing an unpinned link detaches the program.
 */
public final class LinkFdAttachment implements Attachment {
  private final Kernel kernel;
  private final String description;
  private final Fd fd;

  public LinkFdAttachment(Kernel kernel, String description, Fd fd) {
    this.kernel = kernel;
    this.description = description;
    this.fd = fd;
    fd.describe("link " + description);
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public int fd() {
    return fd.get();
  }

  @Override
  public void pin(Path path) {
    new Pins(kernel).pin(fd, path, "link " + description);
  }

  @Override
  public void close() {
    fd.close();
  }
}
