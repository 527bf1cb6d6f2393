package io.bpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.object.kernel.Errno;
import io.bpf4j.object.kernel.ProgramType;
import io.bpf4j.runtime.fake.FakeKernel;
import io.bpf4j.runtime.fake.FakeKernel.Rejection;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a failed load says: verifier rejections with the Java line, privileges, BTF rejections,
 * attributes the kernel refused; and that nothing stays open after a failure.
 */
class LoadErrorsTest {
  private static final String PRIVILEGES =
      "permission denied: run as root, or grant the process CAP_BPF (plus CAP_NET_ADMIN to attach"
          + " network programs and CAP_PERFMON for tracing programs)";

  /** A log as the 6.18 verifier writes it with line info. */
  private static final String LOG =
      String.join(
          "\n",
          "func#0 @0",
          "0: R1=ctx() R10=fp0",
          "; int count(Context c) { @ Demo.java:10",
          "0: (bf) r6 = r1                       ; R1=ctx() R6_w=ctx()",
          "; String s = \"n=%d\"; @ Demo.java:11",
          "1: (18) r1 = map[id:5]",
          "3: (18) r2 = map[id:6][0]+3",
          "5: (61) r0 = *(u32 *)(r2 +0)",
          "R2 invalid mem access 'map_value'",
          "processed 4 insns (limit 1000000) max_states_per_insn 0 total_states 0",
          "");

  @TempDir Path bpffs;
  private FakeKernel kernel;

  @BeforeEach
  void setUp() {
    kernel = new FakeKernel(bpffs);
  }

  @AfterEach
  void nothingStaysOpen() {
    assertEquals(Set.of(), kernel.openFds());
    assertEquals(List.of(), kernel.closeErrors());
  }

  private BpfObject load() {
    return BpfRuntime.load(kernel, bpffs, TestObjects.demo(), "demo");
  }

  /** Rejects program {@code count} with {@code errno} and {@code log}, accepts the others. */
  private void rejectCount(int errno, String log) {
    kernel.verifier(p -> p.name().equals("count") ? new Rejection(errno, log) : null);
  }

  @Test
  void aVerifierRejectionPointsAtTheJavaLine() {
    rejectCount(Errno.EACCES, LOG);
    VerifierException e = assertThrows(VerifierException.class, this::load);
    assertEquals(Errno.EACCES, e.errno());
    assertEquals("count", e.program());
    assertEquals("Demo.java:11", e.sourceLocation());
    assertEquals(LOG, e.log());
    assertEquals(
        "the kernel verifier rejected program count at Demo.java:11: R2 invalid mem access"
            + " 'map_value'\n"
            + "  at Demo.java:11: String s = \"n=%d\";\n"
            + "  last instructions:\n"
            + "    1: (18) r1 = map[id:5]\n"
            + "    3: (18) r2 = map[id:6][0]+3\n"
            + "    5: (61) r0 = *(u32 *)(r2 +0)",
        e.getMessage());
  }

  @Test
  void theFirstLoadHasNoLogAndTheRetryOneBoundedLog() {
    rejectCount(Errno.EACCES, LOG);
    assertThrows(VerifierException.class, this::load);
    List<String> names = kernel.progLoads().stream().map(p -> p.name()).toList();
    assertEquals(List.of("count", "count"), names);
    assertEquals(List.of(16 << 20), kernel.logSizes());
  }

  /**
   * A verifier walking a loop through its million-instruction budget writes a log of ~100 MB. The
   * loader runs the verifier once more with a 16 MiB log, of which the kernel keeps the end (where
   * the reason and the last source line are), instead of growing the buffer run after run.
   */
  @Test
  void aLogLongerThanTheBufferCostsOneRunAndKeepsItsEndWithTheJavaLine() {
    String line = "9: (07) r1 += 1                       ; R1_w=scalar()\n";
    String longLog =
        "func#0 @0\n"
            + line.repeat((40 << 20) / line.length())
            + "; counter += step; @ Looping.java:17\n"
            + "10: (07) r1 += 1\n"
            + "BPF program is too large. Processed 1000001 insn\n"
            + "processed 1000001 insns (limit 1000000) max_states_per_insn 4\n";
    rejectCount(Errno.E2BIG, longLog);
    VerifierException e = assertThrows(VerifierException.class, this::load);
    assertEquals(List.of(16 << 20), kernel.logSizes(), "one more verifier run, one bounded log");
    assertEquals(Errno.E2BIG, e.errno(), "the verifier's errno, not the log's ENOSPC");
    assertEquals(16 << 20, e.log().length() + 1);
    assertTrue(longLog.endsWith(e.log()), "the kernel keeps the end of the log");
    assertEquals(longLog.length() + 1, e.logTrueSize());
    assertEquals("Looping.java:17", e.sourceLocation());
    assertTrue(e.getMessage().contains("BPF program is too large"), e.getMessage());
    assertTrue(e.getMessage().contains("kept: its last"), e.getMessage());
  }

  @Test
  void aRejectionWithoutALogNamesTheAttributes() {
    rejectCount(Errno.EINVAL, "");
    BpfException e = assertThrows(BpfException.class, this::load);
    assertEquals(BpfException.class, e.getClass());
    assertEquals(
        "loading program count failed (EINVAL) without a verifier log: the kernel rejected its"
            + " attributes (program type 1, attach type 0, flags 0)",
        e.getMessage());
  }

  @Test
  void aLoadThatPassesWithALogSaysToRetry() {
    int[] calls = {0};
    kernel.verifier(
        p -> p.name().equals("count") && calls[0]++ == 0 ? new Rejection(Errno.EAGAIN, "") : null);
    BpfException e = assertThrows(BpfException.class, this::load);
    assertEquals(
        "loading program count failed (EAGAIN) but succeeded with a verifier log; retry the load",
        e.getMessage());
  }

  @Test
  void withoutPrivilegesTheFirstCallSaysToRunAsRoot() {
    kernel.deny(Errno.EPERM);
    BpfException e = assertThrows(BpfException.class, this::load);
    assertEquals(Errno.EPERM, e.errno());
    assertEquals("loading demo failed (EPERM): " + PRIVILEGES, e.getMessage());
  }

  @Test
  void aProgramLoadRefusedForPrivilegesSaysSoToo() {
    kernel.failNext("progLoad", Errno.EPERM);
    BpfException e = assertThrows(BpfException.class, this::load);
    assertEquals("loading program count failed (EPERM): " + PRIVILEGES, e.getMessage());
    assertEquals(List.of(), kernel.logSizes(), "no second load with a log");
  }

  @Test
  void aRejectedBtfShowsTheEndOfTheKernelsLog() {
    kernel.rejectBtf(
        new Rejection(
            Errno.EINVAL,
            "magic: 0xeb9f\nversion: 1\nflags: 0x0\nhdr_len: 24\n[1] INT int size=4\n"
                + "[3] STRUCT traffic_counters size=16 vlen=2\n\tbytes type_id=9 Invalid"
                + " member\n"));
    BpfException e = assertThrows(BpfException.class, this::load);
    assertEquals(
        "the kernel rejected the BTF of demo (EINVAL): flags: 0x0\nhdr_len: 24\n[1] INT int"
            + " size=4\n[3] STRUCT traffic_counters size=16 vlen=2\n\tbytes type_id=9 Invalid"
            + " member",
        e.getMessage());
  }

  @Test
  void aProgArraySlotThatCannotBeFilledIsAnError() {
    // The first update writes .rodata's initial value, the second fills the prog array's slot.
    kernel.failNext("mapUpdate", 0).failNext("mapUpdate", Errno.EINVAL);
    BpfException e = assertThrows(BpfException.class, this::load);
    assertEquals("placing count in slot 1 of slots failed (EINVAL)", e.getMessage());
  }

  @Test
  void aRawProgramLoadsAloneAndIsClosedByItsHandle() {
    byte[] code =
        ByteBuffer.allocate(16)
            .order(ByteOrder.LITTLE_ENDIAN)
            .put((byte) 0xb7)
            .put((byte) 0)
            .putShort((short) 0)
            .putInt(2)
            .put((byte) 0x95)
            .put(new byte[7])
            .array();
    try (BpfProgram p =
        BpfRuntime.loadProgram(kernel, "probe", ProgramType.XDP, code, "Dual MIT/GPL")) {
      assertEquals(ProgramType.XDP, p.type());
      assertEquals("probe", kernel.program("probe").load().name());
      assertEquals("Dual MIT/GPL", kernel.program("probe").load().license());
      assertEquals(0, kernel.program("probe").load().funcInfoCount());
    }
  }

  @Test
  void aRawProgramRejectionCarriesTheLog() {
    kernel.verifier(
        p -> new Rejection(Errno.EINVAL, "0: (85) call unknown#999\nunknown func 999\n"));
    byte[] code = new byte[16];
    VerifierException e =
        assertThrows(
            VerifierException.class,
            () -> BpfRuntime.loadProgram(kernel, "probe", ProgramType.KPROBE, code, "GPL"));
    assertTrue(e.log().contains("unknown func"), e.log());
    assertEquals(null, e.sourceLocation());
  }
}
