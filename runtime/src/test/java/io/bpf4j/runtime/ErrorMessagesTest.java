package io.bpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.object.kernel.Errno;
import io.bpf4j.object.kernel.MapType;
import io.bpf4j.runtime.fake.FakeKernel;
import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messages that send the user the right way (issue 17 item 4): each failure names its cause (the
 * missing capability, the missing bpffs, the thing in the way) and its fix, and never gives advice
 * that cannot help (as "run as root" to root).
 */
class ErrorMessagesTest {
  private static final long CAP_BPF = 1L << 39;
  private static final long CAP_PERFMON = 1L << 38;

  @TempDir Path bpffs;
  private FakeKernel kernel;

  @BeforeEach
  void setUp() {
    kernel = new FakeKernel(bpffs);
  }

  @AfterEach
  void nothingLeaks() {
    assertEquals(List.of(), kernel.closeErrors());
  }

  private BpfObject loadDemo() {
    return BpfRuntime.load(kernel, bpffs, TestObjects.demo(), "demo");
  }

  @Test
  void printkWithoutCapPerfmonSaysCapPerfmonIsNeeded() {
    kernel.capabilities(CAP_BPF);
    kernel.verifier(
        p ->
            new FakeKernel.Rejection(
                Errno.EINVAL,
                "0: (85) call bpf_trace_printk#6\n"
                    + "program of this type cannot use helper bpf_trace_printk#6\n"
                    + "processed 1 insns (limit 1000000)\n"));
    VerifierException e = assertThrows(VerifierException.class, this::loadDemo);
    assertTrue(e.getMessage().contains("bpf_trace_printk"), e.getMessage());
    assertTrue(e.getMessage().contains("lacks it; grant CAP_PERFMON"), e.getMessage());
  }

  @Test
  void printkRejectedWithCapPerfmonGetsNoCapabilityHint() {
    kernel.capabilities(CAP_BPF | CAP_PERFMON);
    kernel.verifier(
        p ->
            new FakeKernel.Rejection(
                Errno.EINVAL, "unknown func bpf_trace_printk#6\nprocessed 1 insns\n"));
    VerifierException e = assertThrows(VerifierException.class, this::loadDemo);
    assertTrue(!e.getMessage().contains("CAP_PERFMON"), e.getMessage());
  }

  @Test
  void aProgramLoadWithoutCapBpfNamesIt() {
    kernel.capabilities(0);
    kernel.failNext("progLoad", Errno.EPERM);
    BpfException e = assertThrows(BpfException.class, this::loadDemo);
    assertTrue(
        e.getMessage().contains("permission denied: the process lacks CAP_BPF"), e.getMessage());
  }

  @Test
  void anXdpProgramWithCapBpfOnlyNamesCapNetAdmin() {
    kernel.capabilities(CAP_BPF | CAP_PERFMON);
    kernel.failNext("progLoad", 0); // count, a socket filter, loads
    kernel.failNext("progLoad", Errno.EPERM); // pass, an XDP program, needs CAP_NET_ADMIN
    BpfException e = assertThrows(BpfException.class, this::loadDemo);
    assertTrue(
        e.getMessage()
            .contains("the process lacks CAP_NET_ADMIN, which networking programs (here xdp) need"),
        e.getMessage());
  }

  @Test
  void permissionDeniedWithEveryCapabilityDoesNotSayRunAsRoot() {
    kernel.capabilities(-1L >>> 23); // all 41 capabilities
    kernel.failNext("progLoad", Errno.EPERM);
    BpfException e = assertThrows(BpfException.class, this::loadDemo);
    assertTrue(!e.getMessage().contains("run as root"), e.getMessage());
    assertTrue(e.getMessage().contains("something other than capabilities"), e.getMessage());
  }

  @Test
  void byNameWithoutABpffsSaysHowToMountOne() {
    Path notBpffs = Path.of("/var/tmp/bpf4j-not-bpffs");
    BpfException e =
        assertThrows(
            BpfException.class,
            () -> BpfRuntime.load(kernel, notBpffs, TestObjects.pinnedByName(16), "a"));
    assertTrue(
        e.getMessage().contains("is not on a BPF filesystem (bpffs)")
            && e.getMessage().contains("mount -t bpf bpf /sys/fs/bpf"),
        e.getMessage());
  }

  @Test
  void byNameIntoAMissingDirectorySaysWhichAndHowToCreateIt() {
    Path missing = bpffs.resolve("not-made");
    BpfException e =
        assertThrows(
            BpfException.class,
            () -> BpfRuntime.load(kernel, missing, TestObjects.pinnedByName(16), "a"));
    assertEquals(Errno.ENOENT, e.errno());
    assertTrue(
        e.getMessage().contains("the directory " + missing + " does not exist")
            && e.getMessage().contains("mkdir -p " + missing),
        e.getMessage());
  }

  @Test
  void aDirectoryAtThePinPathIsNamedNotBlamedOnPrivileges() throws Exception {
    kernel.capabilities(-1L >>> 23);
    Files.createDirectory(bpffs.resolve("shared"));
    BpfException e =
        assertThrows(
            BpfException.class,
            () -> BpfRuntime.load(kernel, bpffs, TestObjects.pinnedByName(16), "a"));
    assertTrue(
        e.getMessage().contains(bpffs.resolve("shared") + " is a directory, not a pinned object"),
        e.getMessage());
    assertTrue(!e.getMessage().contains("run as root"), e.getMessage());
    BpfException open =
        assertThrows(
            BpfException.class,
            () -> MapHandle.openPinned(kernel, bpffs.resolve("shared"), Integer.class, Long.class));
    assertTrue(open.getMessage().contains("is a directory"), open.getMessage());
  }

  @Test
  void aProgramPinnedWhereAByNameMapIsExpectedIsCalledAProgram() {
    try (BpfObject obj = loadDemo()) {
      obj.program("count").pin(bpffs.resolve("shared"));
    }
    BpfException e =
        assertThrows(
            BpfException.class,
            () -> BpfRuntime.load(kernel, bpffs, TestObjects.pinnedByName(16), "a"));
    assertTrue(
        e.getMessage().contains(bpffs.resolve("shared") + " is a program, not a map"),
        e.getMessage());
  }

  @Test
  void aFlagsMismatchPrintsTheFlags() throws Exception {
    Fd fd =
        kernel.mapCreate(
            new Kernel.MapCreate(MapType.HASH.kernelId(), 4, 4, 16, 1, "shared", null, 0, 0));
    kernel.objPin(fd, bpffs.resolve("shared").toString());
    fd.close();
    BpfException e =
        assertThrows(
            BpfException.class,
            () -> BpfRuntime.load(kernel, bpffs, TestObjects.pinnedByName(16), "a"));
    assertTrue(
        e.getMessage().contains("max_entries 16, flags 0x1 (BPF_F_NO_PREALLOC)")
            && e.getMessage().contains("max_entries 16, flags 0)"),
        e.getMessage());
  }

  @Test
  void aPathTooLongSaysSo() {
    kernel.failNext("objPin", Errno.ENAMETOOLONG);
    try (BpfObject obj = loadDemo()) {
      BpfException e =
          assertThrows(BpfException.class, () -> obj.program("count").pin(bpffs.resolve("p")));
      assertTrue(
          e.getMessage().contains("(ENAMETOOLONG): a path or name is too long"), e.getMessage());
    }
  }

  @Test
  void aTracePipeThatIsNowhereSaysTracefsIsNotMounted() {
    BpfException e =
        assertThrows(
            BpfException.class, () -> TracePipe.open(List.of(bpffs.resolve("tracing/trace_pipe"))));
    assertTrue(e.getMessage().startsWith("tracefs is not mounted"), e.getMessage());
  }

  @Test
  void aMapLargerThanTheLimitSaysWhatWasAskedAndHowToAllowIt() {
    BpfException e =
        assertThrows(
            BpfException.class,
            () -> BpfRuntime.load(kernel, bpffs, TestObjects.pinnedByName(200_000_000), "big"));
    assertEquals(
        "map shared asks for 1.5 GiB (1600000000 bytes) (HASH, key 4 B, value 4 B, max_entries"
            + " 200000000), more than the limit of 1.0 GiB (1073741824 bytes) per map; if the"
            + " object is right, raise the limit with -Dbpf4j.maxMapBytes=<bytes, or e.g. 4g> (or"
            + " lower max_entries in the @Map declaration)",
        e.getMessage());
    assertEquals(List.of(), kernel.maps(), "nothing was asked of the kernel");
  }

  @Test
  void theMapLimitIsASystemProperty() {
    String old = System.setProperty("bpf4j.maxMapBytes", "100");
    try {
      BpfException e = assertThrows(BpfException.class, this::loadDemo);
      assertTrue(
          e.getMessage().contains("more than the limit of 100 bytes per map"), e.getMessage());
    } finally {
      if (old == null) {
        System.clearProperty("bpf4j.maxMapBytes");
      } else {
        System.setProperty("bpf4j.maxMapBytes", old);
      }
    }
  }
}
