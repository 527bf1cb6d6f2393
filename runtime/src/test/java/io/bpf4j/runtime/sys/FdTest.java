package io.bpf4j.runtime.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.runtime.fake.FakeKernel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A close while a call holds the fd waits for that call; calls after the close fail. */
class FdTest {
  private final FakeKernel kernel = new FakeKernel(Path.of("/sys/fs/bpf"));

  private Fd open() throws SyscallException {
    return kernel.socket(1, 1, 0);
  }

  @Test
  void closeDuringACallClosesWhenTheCallReleases() throws Exception {
    Fd fd = open().describe("map counters");
    int number = fd.acquire();
    fd.close();
    assertFalse(fd.isOpen());
    assertTrue(kernel.openFds().contains(number), "still open for the call in flight");
    ClosedFdException e = assertThrows(ClosedFdException.class, fd::acquire);
    assertEquals("map counters is closed", e.getMessage());
    fd.release();
    assertFalse(kernel.openFds().contains(number), "closed by the last release");
  }

  @Test
  void closeWithoutCallsClosesAtOnceAndOnlyOnce() throws Exception {
    Fd fd = open();
    int number = fd.get();
    fd.close();
    fd.close();
    assertFalse(kernel.openFds().contains(number));
    assertTrue(kernel.closeErrors().isEmpty(), () -> kernel.closeErrors().toString());
  }

  @Test
  void nestedUsesKeepItOpenUntilTheLast() throws Exception {
    Fd fd = open();
    int number = fd.acquire();
    fd.acquire();
    fd.close();
    fd.release();
    assertTrue(kernel.openFds().contains(number));
    fd.release();
    assertFalse(kernel.openFds().contains(number));
  }
}
