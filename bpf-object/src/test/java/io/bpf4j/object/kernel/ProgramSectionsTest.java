package io.bpf4j.object.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Section names as libbpf's {@code section_defs} read them. */
class ProgramSectionsTest {

  private static ProgramSections.Match match(String section) {
    return ProgramSections.forSection(section).orElseThrow(() -> new AssertionError(section));
  }

  private static ProgramSections.Match m(ProgramType type, AttachType attach, int flags) {
    return new ProgramSections.Match(type, attach, flags);
  }

  @Test
  void exactNames() {
    assertEquals(m(ProgramType.SOCKET_FILTER, null, 0), match("socket"));
    assertEquals(m(ProgramType.SCHED_CLS, null, 0), match("tc"));
    assertEquals(m(ProgramType.SCHED_CLS, null, 0), match("classifier"));
    assertEquals(m(ProgramType.SCHED_CLS, AttachType.TCX_INGRESS, 0), match("tcx/ingress"));
    assertEquals(m(ProgramType.SCHED_CLS, AttachType.TCX_EGRESS, 0), match("tcx/egress"));
    assertEquals(m(ProgramType.SCHED_CLS, AttachType.TCX_INGRESS, 0), match("tc/ingress"));
    assertEquals(m(ProgramType.XDP, AttachType.XDP, 0), match("xdp"));
    assertEquals(
        m(ProgramType.CGROUP_SKB, AttachType.CGROUP_INET_INGRESS, 0), match("cgroup_skb/ingress"));
    assertEquals(
        m(ProgramType.CGROUP_SKB, AttachType.CGROUP_INET_EGRESS, 0), match("cgroup_skb/egress"));
    assertEquals(
        m(ProgramType.XDP, AttachType.XDP, ProgramSections.BPF_F_XDP_HAS_FRAGS),
        match("xdp.frags"));
    assertEquals(46, match("tcx/ingress").expectedAttachTypeId());
    assertEquals(0, match("socket").expectedAttachTypeId());
  }

  @Test
  void prefixesNeedASlash() {
    assertEquals(
        ProgramType.TRACEPOINT, match("tracepoint/syscalls/sys_enter_write").programType());
    assertEquals(ProgramType.TRACEPOINT, match("tp/sched/sched_switch").programType());
    assertEquals(ProgramType.RAW_TRACEPOINT, match("raw_tracepoint/sched_switch").programType());
    assertEquals(ProgramType.RAW_TRACEPOINT, match("raw_tp/sched_switch").programType());
    assertEquals(ProgramType.RAW_TRACEPOINT_WRITABLE, match("raw_tp.w/x").programType());
    assertEquals(ProgramType.KPROBE, match("kprobe/do_exit").programType());
    assertEquals(ProgramType.KPROBE, match("kprobe").programType());
    assertEquals(AttachType.TRACE_KPROBE_MULTI, match("kprobe.multi/do_*").expectedAttachType());
    assertEquals(Optional.empty(), ProgramSections.forSection("tracepointx"));
    assertEquals(Optional.empty(), ProgramSections.forSection("socket/x"));
    assertEquals(Optional.empty(), ProgramSections.forSection("xdp/foo"));
    assertEquals(Optional.empty(), ProgramSections.forSection("struct_ops/tcp_ca"));
    assertEquals(Optional.empty(), ProgramSections.forSection(".text"));
  }

  @Test
  void btfAttachedSectionsNameTheirAttachType() {
    assertEquals(
        new ProgramSections.Match(ProgramType.TRACING, AttachType.TRACE_RAW_TP, 0),
        match("tp_btf/sched_switch"));
    assertEquals(AttachType.TRACE_FENTRY, match("fentry/do_unlinkat").expectedAttachType());
    assertEquals(AttachType.TRACE_FEXIT, match("fexit/do_unlinkat").expectedAttachType());
    assertEquals(AttachType.MODIFY_RETURN, match("fmod_ret/x").expectedAttachType());
    assertEquals(
        new ProgramSections.Match(
            ProgramType.LSM, AttachType.LSM_MAC, ProgramSections.BPF_F_SLEEPABLE),
        match("lsm.s/file_open"));
    assertEquals(AttachType.TRACE_ITER, match("iter/task").expectedAttachType());
    // The loader loads them; the processor does not compile them until it has their contexts.
    assertNull(ProgramSections.compiledProgramType("fentry/do_exit"));
  }

  @Test
  void theProcessorCompilesWhatTheLoaderLoads() {
    assertEquals(ProgramType.SOCKET_FILTER, ProgramSections.compiledProgramType("socket"));
    assertEquals(ProgramType.SCHED_CLS, ProgramSections.compiledProgramType("tcx/egress"));
    assertEquals(ProgramType.XDP, ProgramSections.compiledProgramType("xdp"));
    assertEquals(
        ProgramType.TRACEPOINT,
        ProgramSections.compiledProgramType("tracepoint/sched/sched_process_exec"));
    assertEquals(
        ProgramType.RAW_TRACEPOINT, ProgramSections.compiledProgramType("raw_tp/sched_switch"));
    // Names libbpf does not know, or whose program type bpf4j does not compile.
    assertNull(ProgramSections.compiledProgramType("socket/x"));
    assertNull(ProgramSections.compiledProgramType("sockets"));
    assertNull(ProgramSections.compiledProgramType("kprobe/do_exit"));
    assertNull(ProgramSections.compiledProgramType("action"));
  }
}
