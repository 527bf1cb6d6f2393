package io.bpf4j.runtime.links;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.object.kernel.AttachType;
import org.junit.jupiter.api.Test;

/** Section names read as libbpf's auto-attach reads them. */
class AttachPointTest {
  @Test
  void tracepointsNameCategoryAndEvent() {
    assertEquals(
        new AttachPoint.Tracepoint("sched", "sched_process_exec"),
        AttachPoint.of("tracepoint/sched/sched_process_exec"));
    assertEquals(
        new AttachPoint.Tracepoint("syscalls", "sys_enter_getppid"),
        AttachPoint.of("tp/syscalls/sys_enter_getppid"));
    assertEquals(new AttachPoint.RawTracepoint("sys_enter"), AttachPoint.of("raw_tp/sys_enter"));
    assertEquals(
        new AttachPoint.RawTracepoint("sched_switch"),
        AttachPoint.of("raw_tracepoint/sched_switch"));
  }

  @Test
  void btfTracedSectionsCarryTheirAttachType() {
    assertEquals(
        new AttachPoint.BtfTraced(AttachType.TRACE_RAW_TP, "sys_enter"),
        AttachPoint.of("tp_btf/sys_enter"));
    assertEquals(
        new AttachPoint.BtfTraced(AttachType.TRACE_FENTRY, "do_unlinkat"),
        AttachPoint.of("fentry/do_unlinkat"));
    assertEquals(
        new AttachPoint.BtfTraced(AttachType.TRACE_FEXIT, "do_unlinkat"),
        AttachPoint.of("fexit/do_unlinkat"));
    assertEquals(
        new AttachPoint.BtfTraced(AttachType.LSM_MAC, "file_open"),
        AttachPoint.of("lsm.s/file_open"));
    assertEquals(
        new AttachPoint.BtfTraced(AttachType.TRACE_ITER, "task"), AttachPoint.of("iter/task"));
  }

  @Test
  void uprobesNamePathSymbolAndOffset() {
    assertEquals(
        new AttachPoint.Uprobe("/usr/bin/bash", "readline", 0, false),
        AttachPoint.of("uprobe//usr/bin/bash:readline"));
    assertEquals(
        new AttachPoint.Uprobe("libc.so.6", "malloc", 0x10, true),
        AttachPoint.of("uretprobe/libc.so.6:malloc+0x10"));
    assertEquals(
        new AttachPoint.Uprobe("/bin/x", "f", 0, false), AttachPoint.of("uprobe.s//bin/x:f"));
  }

  @Test
  void sectionsWithoutTargetsNameTheLinksMethod() {
    assertEquals(
        new AttachPoint.Elsewhere("Links.uprobe(program, binary, symbol, false)"),
        AttachPoint.of("uprobe"));
    assertEquals(
        new AttachPoint.Elsewhere("Links.uprobe(program, binary, symbol, true)"),
        AttachPoint.of("uretprobe"));
    assertEquals(
        new AttachPoint.Elsewhere("Links.cgroup(program, cgroupDir)"),
        AttachPoint.of("cgroup_skb/ingress"));
    assertEquals(
        new AttachPoint.Elsewhere("Links.cgroup(program, cgroupDir)"),
        AttachPoint.of("cgroup/sock_create"));
    assertEquals(
        new AttachPoint.Elsewhere("Links.cgroup(program, cgroupDir)"), AttachPoint.of("sockops"));
    assertEquals(new AttachPoint.Elsewhere("Links.xdp(program, ifname)"), AttachPoint.of("xdp"));
    assertTrue(((AttachPoint.Elsewhere) AttachPoint.of("tc")).how().contains("Links.tcx"));
    assertTrue(
        ((AttachPoint.Elsewhere) AttachPoint.of("tracepoint/sched"))
            .how()
            .contains("Links.tracepoint"));
    assertTrue(SectionAttachments.namesTarget("fentry/x"));
    assertFalse(SectionAttachments.namesTarget("socket"));
    assertFalse(SectionAttachments.namesTarget(null));
  }
}
