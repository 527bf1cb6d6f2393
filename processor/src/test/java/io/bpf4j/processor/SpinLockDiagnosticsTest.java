package io.bpf4j.processor;

import static io.bpf4j.processor.DiagnosticsTest.assertError;
import static io.bpf4j.processor.DiagnosticsTest.program;
import static io.bpf4j.processor.DiagnosticsTest.socket;

import io.bpf4j.processor.diag.Messages;
import org.junit.jupiter.api.Test;

/** {@code BpfSpinLock}: the verifier's lock rules as javac errors on the line that breaks them. */
class SpinLockDiagnosticsTest {
  /** An XDP program {@code f} with {@code body}: socket filters may not take locks at all. */
  static DiagnosticsTest.Src xdp(String body, String members) {
    String indented =
        body.lines()
            .map(l -> l.isEmpty() ? l : "  " + l)
            .collect(java.util.stream.Collectors.joining("\n"));
    return program(
        "@Section(\"xdp\")\npublic static int f(XdpMd ctx) {\n" + indented + "\n}\n" + members);
  }

  @Test
  void aLockInASocketFilterIsAnError() {
    assertError(
        Messages.spinLockProgramType("socket_filter"),
        socket(
            LOOKUP
                + """
                Bpf.spinLock(v.lock); // <-
                Bpf.spinUnlock(v.lock);
                return 0;
                """,
            LOCKED));
  }

  private static final String LOCKED =
      """
      @Struct
      public static final class Locked {
        public BpfSpinLock lock;
        public long n;
      }

      @Map(type = MapType.ARRAY, maxEntries = 1)
      static BpfMap<Integer, Locked> locked;
      """;

  private static final String LOOKUP =
      """
      Locked v = locked.lookup(0);
      if (v == null) {
        return 0;
      }
      """;

  @Test
  void aHelperCallWhileLockedIsAnError() {
    assertError(
        Messages.callWhileLocked("a call of helper bpf_ktime_get_ns"),
        xdp(
            LOOKUP
                + """
                Bpf.spinLock(v.lock);
                v.n = Bpf.ktimeGetNs(); // <-
                Bpf.spinUnlock(v.lock);
                return 0;
                """,
            LOCKED));
  }

  @Test
  void aMapLookupWhileLockedIsAnError() {
    assertError(
        Messages.callWhileLocked("a call of helper bpf_map_lookup_elem"),
        xdp(
            LOOKUP
                + """
                Bpf.spinLock(v.lock);
                Counter c = counters.lookup(1); // <-
                Bpf.spinUnlock(v.lock);
                return c == null ? 0 : 1;
                """,
            LOCKED));
  }

  @Test
  void returningWhileLockedIsAnError() {
    assertError(
        Messages.returnWhileLocked(),
        xdp(
            LOOKUP
                + """
                Bpf.spinLock(v.lock);
                if (v.n > 5) {
                  return 1; // <-
                }
                Bpf.spinUnlock(v.lock);
                return 0;
                """,
            LOCKED));
  }

  @Test
  void aSecondLockIsAnError() {
    assertError(
        Messages.secondLockWhileLocked(),
        xdp(
            LOOKUP
                + """
                Bpf.spinLock(v.lock);
                Bpf.spinLock(v.lock); // <-
                Bpf.spinUnlock(v.lock);
                return 0;
                """,
            LOCKED));
  }

  @Test
  void unlockingWithoutALockIsAnError() {
    assertError(
        Messages.unlockWithoutLock(),
        xdp(
            LOOKUP
                + """
                Bpf.spinLock(v.lock);
                Bpf.spinUnlock(v.lock);
                Bpf.spinUnlock(v.lock); // <-
                return 0;
                """,
            LOCKED));
  }

  @Test
  void assigningTheLockIsAnError() {
    assertError(
        Messages.spinLockField("lock"),
        xdp(
            LOOKUP
                + """
                v.lock = null; // <-
                return 0;
                """,
            LOCKED));
  }

  @Test
  void twoLocksInAValueIsAnError() {
    assertError(
        Messages.secondSpinLock("Two"),
        socket(
            "return 0;",
            """
            @Struct
            public static final class Two {
              public BpfSpinLock a;
              public BpfSpinLock b; // <-
            }

            @Map(type = MapType.ARRAY, maxEntries = 1)
            static BpfMap<Integer, Two> twos;
            """));
  }
}
