package io.bpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bpf4j.object.kernel.AttachType;
import io.bpf4j.object.kernel.Errno;
import io.bpf4j.object.kernel.ProgramType;
import io.bpf4j.runtime.fake.FakeKernel;
import io.bpf4j.runtime.fake.KernelObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Links, packet sockets, test runs and program info over the fake kernel. */
class LinksAndSocketsTest {
  @TempDir Path bpffs;
  private FakeKernel kernel;
  private BpfObject obj;

  @BeforeEach
  void setUp() {
    kernel = new FakeKernel(bpffs).networkInterface("veth0", 7);
    obj = BpfRuntime.load(kernel, bpffs, TestObjects.demo(), "demo");
  }

  @AfterEach
  void tearDown() {
    obj.close();
    assertEquals(Set.of(), kernel.openFds());
    assertEquals(List.of(), kernel.closeErrors());
  }

  @Test
  void anXdpLinkAttachesToTheInterfaceUntilClosed() {
    try (BpfLink link = Links.xdp(obj.program("pass"), "veth0")) {
      KernelObject.Link l = kernel.links().get(0);
      assertEquals(7, l.ifindex);
      assertEquals(AttachType.XDP.kernelId(), l.attachType);
      assertEquals(kernel.program("pass"), l.program);
      assertEquals("BpfLink[xdp pass on veth0]", link.toString());
      link.pin(bpffs.resolve("links/pass"));
      assertEquals(l, kernel.pinned(bpffs.resolve("links/pass")));
    }
  }

  @Test
  void anXdpLinkTakesItsMode() {
    try (BpfLink link = Links.xdp(obj.program("pass"), "veth0", XdpMode.DRIVER)) {
      assertEquals(7, kernel.links().get(0).ifindex);
      assertEquals("BpfLink[xdp (driver (native)) pass on veth0]", link.toString());
    }
    try (BpfLink link = Links.xdp(obj.program("pass"), 7, XdpMode.GENERIC)) {
      assertEquals("BpfLink[xdp (generic (skb)) pass on ifindex 7]", link.toString());
    }
  }

  @Test
  void anUnsupportedXdpModeIsNamed() {
    BpfException e =
        assertThrows(
            BpfException.class, () -> Links.xdp(obj.program("pass"), "veth0", XdpMode.OFFLOAD));
    assertEquals(Errno.EINVAL, e.errno());
    assertEquals(
        "attaching pass as XDP in offload (hardware) mode on veth0 failed (EINVAL): veth0 does not"
            + " support XDP in offload (hardware) mode (offload needs a NIC that runs BPF, such as"
            + " Netronome's nfp); use XdpMode.DRIVER or XdpMode.GENERIC",
        e.getMessage());
  }

  @Test
  void tcxLinksTakeTheirDirection() {
    try (BpfLink in = Links.tcx(obj.program("classify"), "lo", Direction.INGRESS);
        BpfLink out = Links.tcx(obj.program("classify"), "lo", Direction.EGRESS)) {
      assertEquals(AttachType.TCX_INGRESS.kernelId(), kernel.links().get(0).attachType);
      assertEquals(AttachType.TCX_EGRESS.kernelId(), kernel.links().get(1).attachType);
      assertEquals("BpfLink[tcx egress classify on lo]", out.toString());
    }
  }

  @Test
  void aProgramOfTheWrongTypeDoesNotAttach() {
    BpfException e = assertThrows(BpfException.class, () -> Links.xdp(obj.program("count"), "lo"));
    assertEquals(Errno.EINVAL, e.errno());
    assertEquals(
        "attaching count as xdp on lo failed (EINVAL): the program's type does not fit this"
            + " attachment (tcx needs a tc program, xdp an XDP program) or the kernel is too old",
        e.getMessage());
  }

  @Test
  void anUnknownInterfaceSaysHowToListThem() {
    BpfException e = assertThrows(BpfException.class, () -> Links.xdp(obj.program("pass"), "eth9"));
    assertEquals("no network interface named eth9; list them with: ip link", e.getMessage());
    assertThrows(BpfException.class, () -> PacketSocket.bind(kernel, "eth9"));
  }

  @Test
  void aPacketSocketTakesEveryProtocolOnItsInterface() {
    try (PacketSocket socket = PacketSocket.bind(kernel, "veth0")) {
      KernelObject.Socket s = kernel.sockets().get(0);
      assertEquals(17, s.domain, "AF_PACKET");
      assertEquals(3, s.type, "SOCK_RAW");
      assertEquals(0x0300, s.protocol, "htons(ETH_P_ALL)");
      byte[] expected = new byte[20];
      expected[0] = 17;
      expected[3] = 3;
      expected[4] = 7;
      assertArrayEquals(expected, s.boundTo, "struct sockaddr_ll");
      socket.attach(obj.program("count"));
      assertEquals(kernel.program("count"), s.filter);
      socket.detach();
      assertNull(s.filter);
      BpfException again = assertThrows(BpfException.class, socket::detach);
      assertEquals(
          "detaching from the packet socket on veth0 failed (ENOENT): it does not exist",
          again.getMessage());
    }
  }

  @Test
  void onlySocketFiltersAttachToSockets() {
    try (PacketSocket socket = PacketSocket.bind(kernel, "lo")) {
      BpfException e = assertThrows(BpfException.class, () -> socket.attach(obj.program("pass")));
      assertEquals(
          "program pass is XDP; only socket filters (@Section(\"socket\")) attach to sockets",
          e.getMessage());
    }
  }

  @Test
  void aSocketRefusedForPrivilegesSaysWhichCapability() {
    kernel.failNext("socket", Errno.EPERM);
    BpfException e = assertThrows(BpfException.class, () -> PacketSocket.bind(kernel, "lo"));
    assertEquals(
        "opening a packet socket (needs CAP_NET_RAW) failed (EPERM): permission denied: run as"
            + " root, or grant the process CAP_BPF (plus CAP_NET_ADMIN to attach network programs"
            + " and CAP_PERFMON for tracing programs)",
        e.getMessage());
  }

  @Test
  void aFailedBindClosesTheSocket() {
    kernel.failNext("bind", Errno.ENODEV);
    BpfException e = assertThrows(BpfException.class, () -> PacketSocket.bind(kernel, "lo"));
    assertEquals(
        "binding a packet socket to lo failed (ENODEV): there is no such device (network interface?)",
        e.getMessage());
    assertEquals(1, kernel.sockets().size());
  }

  @Test
  void aTestRunReturnsTheProgramsResult() {
    TestRunResult r = obj.program("count").testRun(new byte[64], 10);
    assertEquals(7, r.retval(), "the fake returns the instruction count");
    assertEquals(42, r.averageNs());
    assertEquals(64, r.dataOut().length);
  }

  @Test
  void aTestRunOnAShortPacketSaysWhy() {
    BpfException e =
        assertThrows(BpfException.class, () -> obj.program("count").testRun(new byte[4], 1));
    assertEquals(
        "test run of program count failed (EINVAL): this program type may not support test runs,"
            + " or the packet is shorter than the Ethernet header (14 bytes)",
        e.getMessage());
  }

  @Test
  void aTestRunOfAProgramTypeWithoutOneIsRefused() {
    try (BpfProgram probe =
        BpfRuntime.loadProgram(kernel, "probe", ProgramType.KPROBE, new byte[16], "GPL")) {
      BpfException e = assertThrows(BpfException.class, () -> probe.testRun(new byte[64], 1));
      assertEquals(Errno.ENOTSUPP, e.errno());
      assertEquals(
          "test run of program probe failed (ENOTSUPP): this kernel does not support it",
          e.getMessage());
    }
  }

  @Test
  void programInfoComesFromTheKernel() {
    ProgramInfo info = obj.program("count").info();
    assertEquals("count", info.name());
    assertEquals(ProgramType.SOCKET_FILTER, info.type());
    assertEquals(7, info.verifiedInsns());
    assertEquals(7, info.xlatedSlots());
    assertEquals(1, info.funcInfoCount());
    assertEquals(3, info.lineInfoCount());
  }
}
