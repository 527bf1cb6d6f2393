package io.bpf4j.object.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Section names as libbpf's {@code section_defs} read them, and libbpf's internal map names. */
class ProgramSectionsTest {

  private static ProgramSections.Match match(String section) {
    return ProgramSections.forSection(section).orElseThrow(() -> new AssertionError(section));
  }

  @Test
  void exactNames() {
    assertEquals(new ProgramSections.Match(ProgramSections.SOCKET_FILTER, 0, 0), match("socket"));
    assertEquals(new ProgramSections.Match(ProgramSections.SCHED_CLS, 0, 0), match("tc"));
    assertEquals(new ProgramSections.Match(ProgramSections.SCHED_CLS, 0, 0), match("classifier"));
    assertEquals(new ProgramSections.Match(ProgramSections.SCHED_CLS, 46, 0), match("tcx/ingress"));
    assertEquals(new ProgramSections.Match(ProgramSections.SCHED_CLS, 47, 0), match("tcx/egress"));
    assertEquals(new ProgramSections.Match(ProgramSections.SCHED_CLS, 46, 0), match("tc/ingress"));
    assertEquals(new ProgramSections.Match(ProgramSections.XDP, 37, 0), match("xdp"));
    assertEquals(
        new ProgramSections.Match(ProgramSections.CGROUP_SKB, 0, 0), match("cgroup_skb/ingress"));
    assertEquals(
        new ProgramSections.Match(ProgramSections.CGROUP_SKB, 1, 0), match("cgroup_skb/egress"));
    assertEquals(
        new ProgramSections.Match(ProgramSections.XDP, 37, ProgramSections.BPF_F_XDP_HAS_FRAGS),
        match("xdp.frags"));
  }

  @Test
  void prefixesNeedASlash() {
    assertEquals(
        ProgramSections.TRACEPOINT, match("tracepoint/syscalls/sys_enter_write").programType());
    assertEquals(ProgramSections.TRACEPOINT, match("tp/sched/sched_switch").programType());
    assertEquals(
        ProgramSections.RAW_TRACEPOINT, match("raw_tracepoint/sched_switch").programType());
    assertEquals(ProgramSections.RAW_TRACEPOINT, match("raw_tp/sched_switch").programType());
    assertEquals(ProgramSections.RAW_TRACEPOINT_WRITABLE, match("raw_tp.w/x").programType());
    assertEquals(ProgramSections.KPROBE, match("kprobe/do_exit").programType());
    assertEquals(ProgramSections.KPROBE, match("kprobe").programType());
    assertEquals(42, match("kprobe.multi/do_*").expectedAttachType());
    assertEquals(Optional.empty(), ProgramSections.forSection("tracepointx"));
    assertEquals(Optional.empty(), ProgramSections.forSection("socket/x"));
    assertEquals(Optional.empty(), ProgramSections.forSection("xdp/foo"));
    assertEquals(Optional.empty(), ProgramSections.forSection("fentry/do_exit"));
    assertEquals(Optional.empty(), ProgramSections.forSection(".text"));
  }

  @Test
  void internalMapNamesFollowLibbpf() {
    // The examples of libbpf's internal_map_name comment.
    assertEquals("my_objec.rodata", ObjectNames.internalMapName("my_object_name", ".rodata"));
    assertEquals("my_objec.bss", ObjectNames.internalMapName("my_object_name", ".bss"));
    assertEquals("my_obje.kconfig", ObjectNames.internalMapName("my_object_name", ".kconfig"));
    assertEquals(
        ".rodata.abracad", ObjectNames.internalMapName("my_object_name", ".rodata.abracadabra"));
    assertEquals(".rodata.str1.1", ObjectNames.internalMapName("obj", ".rodata.str1.1"));
    assertEquals("linking.data", ObjectNames.internalMapName("linking", ".data"));
    assertEquals(".data", ObjectNames.internalMapName("", ".data"));
    assertEquals("a_b.data", ObjectNames.internalMapName("a-b", ".data"));
  }

  @Test
  void objectNamesAreFileNamesUpToTheFirstDot() {
    // libbpf keeps at most 15 characters (BPF_OBJ_NAME_LEN - 1).
    assertEquals("bandwidth_monit", ObjectNames.objectName("out/x.y/bandwidth_monitor.bpf.o"));
    assertEquals("linking", ObjectNames.objectName("/tmp/linking.bpf.o"));
    assertEquals("linking", ObjectNames.objectName("linking"));
    assertEquals("", ObjectNames.objectName(null));
    assertEquals("a_very_long_obj", ObjectNames.objectName("a_very_long_object_name.o"));
    assertTrue(ObjectNames.kernelName("x-y").equals("x_y"));
  }
}
