package io.bpf4j.runtime.links;

import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.sys.Fd;
import java.nio.file.Path;

/**
 * A program attached to a perf event with {@code PERF_EVENT_IOC_SET_BPF}, the way before perf event
 * links (kernels before 5.15): the perf event fd holds the attachment, and closing it detaches.
 * Such an attachment cannot be pinned.
 */
public final class PerfEventAttachment implements Attachment {
  private final String description;
  private final Fd perfEvent;

  public PerfEventAttachment(String description, Fd perfEvent) {
    this.description = description;
    this.perfEvent = perfEvent;
    perfEvent.describe("perf event of " + description);
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public int fd() {
    return perfEvent.get();
  }

  @Override
  public void pin(Path path) {
    throw new BpfException(
        0,
        "cannot pin "
            + description
            + ": this kernel has no perf event links (5.15+), so the attachment is a perf event"
            + " fd, which only this process can hold");
  }

  @Override
  public void close() {
    perfEvent.close();
  }
}
