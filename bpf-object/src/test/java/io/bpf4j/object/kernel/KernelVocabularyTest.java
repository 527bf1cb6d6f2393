package io.bpf4j.object.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The vocabulary agrees with itself and with the Java API that names kernel things. */
class KernelVocabularyTest {

  @Test
  void everyUserFacingMapTypeIsAKernelMapType() {
    for (io.bpf4j.lang.MapType t : io.bpf4j.lang.MapType.values()) {
      assertNotNull(MapType.valueOf(t.name()), t.name());
    }
  }

  @Test
  void mapsOfMapsAndTheSizeRuleOfTheirHeldMaps() {
    for (MapType t : MapType.values()) {
      assertEquals(t.kernelId() == 12 || t.kernelId() == 13, t.holdsMaps(), t.name());
      assertEquals(t == MapType.ARRAY, t.innerMaxEntriesMustMatch(0), t.name());
      assertEquals(false, t.innerMaxEntriesMustMatch(MapType.BPF_F_INNER_MAP), t.name());
    }
  }

  @Test
  void everyContextNamesARealInterface() throws ClassNotFoundException {
    for (ContextType c : ContextType.values()) {
      if (!c.hasJavaInterface()) {
        assertTrue(c.isTracedArguments(), c.name());
        continue;
      }
      Class<?> type = Class.forName(c.javaName());
      assertTrue(type.isInterface(), c.javaName());
      assertTrue(io.bpf4j.lang.BpfContext.class.isAssignableFrom(type), c.javaName());
    }
  }

  @Test
  void uninitMemArgumentsArePointersTheHelperWrites() {
    for (Helper h : Helper.values()) {
      int arg = h.uninitMemArgument();
      if (arg < 0) {
        assertTrue(!h.overwritesUninitMemWhole(), h.kernelName());
        continue;
      }
      String sig = h.signature();
      String[] params = sig.substring(sig.indexOf('(') + 1, sig.lastIndexOf(')')).split(",");
      // A writable pointer: never const (which marks what a helper reads).
      assertTrue(params[arg].trim().startsWith("void *"), sig);
      if (h.overwritesUninitMemWhole()) {
        // Whole means "as many bytes as the size argument right after it says".
        assertTrue(params[arg + 1].trim().startsWith("u32 "), sig);
      }
    }
  }

  @Test
  void idsAreUniqueAndRoundTrip() {
    for (ProgramType t : ProgramType.values()) {
      assertEquals(t, ProgramType.of(t.kernelId()));
    }
    for (MapType t : MapType.values()) {
      assertEquals(t, MapType.of(t.kernelId()));
    }
    Set<Integer> ids = new HashSet<>();
    for (Helper h : Helper.values()) {
      assertTrue(ids.add(h.id()), h.name());
      assertEquals(h, Helper.of(h.id()));
      assertTrue(h.signature().contains(h.kernelName() + "("), h.signature());
    }
    Set<Integer> attach = new HashSet<>();
    for (AttachType a : AttachType.values()) {
      assertTrue(attach.add(a.kernelId()), a.name());
      assertEquals(a.ordinal(), a.kernelId(), a.name());
    }
  }

  @Test
  void helperRestrictions() {
    assertTrue(Helper.allowed(Helper.SKB_LOAD_BYTES.id(), ProgramType.SCHED_CLS));
    assertTrue(!Helper.allowed(Helper.SKB_LOAD_BYTES.id(), ProgramType.XDP));
    assertTrue(Helper.allowed(999, ProgramType.XDP));
    assertEquals("bpf_get_socket_uid", Helper.nameOf(47));
    assertEquals("helper 999", Helper.nameOf(999));
  }

  @Test
  void errnoNamesAndResults() {
    assertEquals("EPERM", Errno.name(1));
    assertEquals("errno 200", Errno.name(200));
    assertEquals("-EEXIST", Errno.describeResult(-17));
    assertEquals("0", Errno.describeResult(0));
    assertEquals("5", Errno.describeResult(5));
  }

  @Test
  void cLayout() {
    CLayout.Layout l = CLayout.of(1, 8, 2);
    assertEquals(0, l.offsets()[0]);
    assertEquals(8, l.offsets()[1]);
    assertEquals(16, l.offsets()[2]);
    assertEquals(24, l.size());
    assertEquals(8, l.align());
    assertEquals(1, CLayout.of().size());
    assertEquals(4, CLayout.sizeOfDescriptor("I"));
  }
}
