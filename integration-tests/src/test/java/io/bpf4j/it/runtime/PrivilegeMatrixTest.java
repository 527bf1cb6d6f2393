package io.bpf4j.it.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.it.KernelAssumptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The privilege matrix of issue 17: a child JVM runs as {@code nobody} with only some capabilities
 * (setpriv puts them in the inheritable, ambient and bounding sets, so they survive the switch from
 * root and the exec of java), and each failure must name the capability that is missing, never send
 * a user who has CAP_BPF to "run as root" for CAP_PERFMON or CAP_NET_ADMIN.
 */
class PrivilegeMatrixTest {
  private static final String NOBODY = "65534";
  private static Path copy;
  private static String classPath;

  @BeforeAll
  static void readableClassPath() throws IOException {
    KernelAssumptions.requireRoot();
    copy = Files.createTempDirectory("bpf4j-it-privileges-");
    classPath = UnprivilegedTest.readableCopy(copy);
  }

  @AfterAll
  static void removeCopy() {
    if (copy != null) {
      UnprivilegedTest.deleteTree(copy);
    }
  }

  @Test
  void withoutCapabilitiesTheMessageNamesCapBpf() {
    ChildJvm.Result child = probe("", "socket", "tracepipe");
    assertEquals("0000000000000000", child.value("capeff"), child.describe());
    String socket = child.value("socket.message");
    assertTrue(socket.contains("lacks CAP_BPF"), socket);
    assertEquals("1", child.value("socket.errno"), child.describe());
    String pipe = child.value("tracepipe.message");
    assertTrue(pipe.contains("permission denied"), pipe);
    assertFalse(pipe.contains("not mounted"), pipe);
  }

  @Test
  void capBpfAloneNamesCapPerfmonForPrintkAndTracing() {
    ChildJvm.Result child = probe("+bpf", "socket", "printk", "tracepoint");
    assertEquals("0000008000000000", child.value("capeff"), child.describe());
    assertEquals("ok", child.value("socket.outcome"), child.describe());
    String printk = child.value("printk.message");
    assertTrue(printk.contains("bpf_trace_printk"), printk);
    assertTrue(printk.contains("grant CAP_PERFMON"), printk);
    String tracepoint = child.value("tracepoint.message");
    assertTrue(tracepoint.contains("lacks CAP_PERFMON, which tracing programs"), tracepoint);
  }

  @Test
  void capBpfAndCapPerfmonNameCapNetAdminForTc() {
    ChildJvm.Result child = probe("+bpf,+perfmon", "printk", "tc");
    assertEquals("ok", child.value("printk.outcome"), child.describe());
    String tc = child.value("tc.message");
    assertTrue(tc.contains("lacks CAP_NET_ADMIN, which networking programs"), tc);
  }

  @Test
  void capBpfPerfmonAndNetAdminLoadAll() {
    ChildJvm.Result child = probe("+bpf,+perfmon,+net_admin", "printk", "tc");
    assertEquals("ok", child.value("printk.outcome"), child.describe());
    assertEquals("ok", child.value("tc.outcome"), child.describe());
  }

  private static ChildJvm.Result probe(String caps, String... scenarios) {
    Path setpriv = KernelAssumptions.requireTool("setpriv");
    String set = caps.isEmpty() ? "-all" : "-all," + caps;
    ChildJvm.Result child =
        ChildJvm.run(
                List.of(
                    setpriv.toString(),
                    "--reuid=" + NOBODY,
                    "--regid=" + NOBODY,
                    "--clear-groups",
                    "--inh-caps=" + set,
                    "--ambient-caps=" + set,
                    "--bounding-set=" + set),
                classPath,
                PrivilegeProbe.class,
                scenarios)
            .assertSuccess();
    System.out.println("[bpf4j-it] caps [" + caps + "]:\n" + child.stdout().strip());
    return child;
  }
}
