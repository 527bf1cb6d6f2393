package io.bpf4j.it.attach;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.it.Tools;
import io.bpf4j.it.corpus.Corpus;
import io.bpf4j.it.runtime.OpenFds;
import io.bpf4j.runtime.BpfLink;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.Links;
import java.nio.file.Path;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Attach/detach cycles leave no fd behind: perf events handed to perf links, raw tracepoint and BTF
 * links, uprobes, cgroup directories opened for a link, rtnetlink sockets of classic tc, and links
 * still open when their object closes.
 */
class AttachFdLeakTest {
  static final int CYCLES = 200;

  @Test
  void attachDetachCyclesLeaveTheFdTableUnchanged() throws Exception {
    KernelAssumptions.requireBpffs();
    Path target = AttachFixtures.target();
    Path uprobes = AttachFixtures.bpfObject("uprobe_counter.c", "uprobe_leak.o");
    Path tpBtf = AttachFixtures.bpfObject("tp_btf_getppid.c", "tp_btf_leak.o");
    Path cgroup = Cgroups.create("bpf4j-it-leak-" + ProcessHandle.current().pid());
    String tc = KernelAssumptions.requireTool("tc").toString();
    boolean clsactBefore = Tools.run(tc, "qdisc", "show", "dev", "lo").stdout().contains("clsact");
    long bpfBefore = OpenFds.bpfCount();
    try (BpfObject syscalls = Corpus.load("attach/SyscallCounters");
        BpfObject net = Corpus.load("attach/NetCounters");
        BpfObject probes = BpfRuntime.load(uprobes);
        BpfObject btf = BpfRuntime.load(tpBtf)) {
      Runnable cycle =
          () -> {
            for (BpfLink l : syscalls.attachAll()) {
              l.close();
            }
            try (BpfLink a = btf.program("count_getppid").attach();
                BpfLink b =
                    Links.uprobe(
                        probes.program("count_returns"),
                        target,
                        AttachFixtures.PROBED_FUNCTION,
                        true);
                BpfLink c = Links.cgroup(net.program("cgroupEgress"), cgroup);
                BpfLink d =
                    Links.tc(net.program("udpToPort"), "lo", io.bpf4j.runtime.Direction.INGRESS)) {
              // attached, and detached again at the end of the block
            }
          };
      cycle.run(); // warm-up: classes, jnr-ffi and the kernel's BTF index
      TreeMap<Integer, String> before = OpenFds.list();
      long start = System.nanoTime();
      for (int i = 0; i < CYCLES; i++) {
        cycle.run();
      }
      long ms = (System.nanoTime() - start) / 1_000_000;
      int after = OpenFds.count();
      System.out.printf(
          "[bpf4j-it] %d attach/detach cycles (tracepoint, raw_tp, tp_btf, uretprobe, cgroup,"
              + " tc) in %d ms: fds before %d, after %d%n",
          CYCLES, ms, before.size(), after);
      assertEquals(before.size(), after, "fds after the cycles: " + OpenFds.list());
      // Links left open close with their object.
      syscalls.attachAll();
      Links.cgroup(net.program("cgroupEgress"), cgroup);
    } finally {
      Cgroups.remove(cgroup);
      if (!clsactBefore) {
        Tools.run(tc, "qdisc", "del", "dev", "lo", "clsact");
      }
    }
    assertEquals(
        bpfBefore, OpenFds.bpfCount(), "the objects closed their programs, maps and links");
  }
}
