package io.bpf4j.it.packets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.lang.Xdp;
import io.bpf4j.object.kernel.MapType;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.BpfLink;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.Links;
import io.bpf4j.runtime.RedirectMapHandle;
import io.bpf4j.runtime.XdpMode;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The redirect maps and XDP modes in the kernel, on a clang-built object ({@code
 * c/packets/redirect_maps.c}, BTF-defined maps as libbpf writes them): the loader creates DEVMAP,
 * DEVMAP_HASH, CPUMAP and XSKMAP (the kernel refuses their BTF types, so it retries without),
 * RedirectMapHandle puts interfaces and CPU queues, bpf_redirect_map follows them in a test run,
 * and Links.xdp attaches in generic and driver mode to a veth while offload is refused by name.
 */
class RedirectMapsKernelTest {
  private static final byte[] FRAME = new byte[64];

  @BeforeAll
  static void kernel() {
    KernelAssumptions.requireBpffs();
    FRAME[12] = 0x08;
  }

  @Test
  void redirectMapsTakeTargetsAndRedirectToThem() throws Exception {
    try (BpfObject obj = BpfRuntime.load(PacketC.object("redirect_maps"));
        RedirectMapHandle ports = obj.redirectMap("ports");
        RedirectMapHandle byId = obj.redirectMap("ports_by_id");
        RedirectMapHandle cpus = obj.redirectMap("cpus");
        RedirectMapHandle sockets = obj.redirectMap("sockets")) {
      assertEquals(MapType.DEVMAP, ports.type());
      assertEquals(Xdp.PASS, obj.program("viaDevmap").testRun(FRAME, 1).retval(), "empty");
      ports.putInterface(0, 1);
      assertEquals(OptionalInt.of(1), ports.get(0));
      assertEquals(Xdp.REDIRECT, obj.program("viaDevmap").testRun(FRAME, 1).retval());
      assertTrue(ports.delete(0));
      // An array-indexed devmap deletes an empty slot without complaint (dev_map_delete_elem).
      assertTrue(ports.delete(0));
      assertEquals(OptionalInt.empty(), ports.get(0));
      BpfException past = assertThrows(BpfException.class, () -> ports.putInterface(4, 1));
      assertEquals(7, past.errno(), past.getMessage()); // E2BIG

      byId.putInterface(7, 1);
      assertEquals(Xdp.REDIRECT, obj.program("viaDevmapHash").testRun(FRAME, 1).retval());

      cpus.putCpu(0, 192);
      assertEquals(OptionalInt.of(192), cpus.get(0));
      assertEquals(Xdp.REDIRECT, obj.program("viaCpumap").testRun(FRAME, 1).retval());

      assertEquals(Xdp.PASS, obj.program("viaXskmap").testRun(FRAME, 1).retval(), "no socket");
      assertThrows(BpfException.class, () -> sockets.get(0));
      assertThrows(BpfException.class, () -> sockets.putCpu(0, 1));
    }
  }

  @Test
  void xdpModesOnAVethAndAClearRefusalOfOffload() throws Exception {
    try (VethPairs veths = new VethPairs();
        BpfObject obj = BpfRuntime.load(PacketC.object("xdp_reflector"))) {
      VethPairs.Pair pair = veths.add("md", 221);
      try (BpfLink generic = Links.xdp(obj.program("reflect"), pair.host(), XdpMode.GENERIC)) {
        assertTrue(generic.toString().contains("generic"), generic.toString());
      }
      try (BpfLink driver = Links.xdp(obj.program("reflect"), pair.host(), XdpMode.DRIVER)) {
        assertTrue(driver.toString().contains("driver"), driver.toString());
      }
      BpfException e =
          assertThrows(
              BpfException.class,
              () -> Links.xdp(obj.program("reflect"), pair.host(), XdpMode.OFFLOAD));
      assertTrue(
          e.getMessage().contains("does not support XDP in offload (hardware) mode"),
          e.getMessage());
      System.out.println("[bpf4j-it] offload on veth: " + e.getMessage());
    }
  }
}
