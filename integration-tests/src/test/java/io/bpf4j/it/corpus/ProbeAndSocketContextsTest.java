package io.bpf4j.it.corpus;

import io.bpf4j.object.kernel.ProgramType;
import io.bpf4j.runtime.BpfObject;
import org.junit.jupiter.api.Test;

/**
 * corpus/ProbeAndSocketContexts.java: every PtRegs, BpfSock and SockOps accessor, in each section
 * that may use it, accepted by the verifier (which checks each context offset, size and attach
 * point).
 */
class ProbeAndSocketContextsTest {
  @Test
  void everyAccessorLoadsInItsSections() {
    Expect expect = new Expect("ProbeAndSocketContexts");
    try (BpfObject obj = Corpus.load("ProbeAndSocketContexts")) {
      for (String probe : new String[] {"uprobe", "uretprobe", "kprobe", "uprobeWithoutTarget"}) {
        expect.equal(ProgramType.KPROBE, obj.program(probe).type(), probe);
      }
      for (String sock :
          new String[] {"sockCreate", "sockRelease", "sock", "postBind4", "postBind6"}) {
        expect.equal(ProgramType.CGROUP_SOCK, obj.program(sock).type(), sock);
      }
      expect.equal(ProgramType.SOCK_OPS, obj.program("sockops").type(), "sockops");
    }
    expect.verify();
  }
}
