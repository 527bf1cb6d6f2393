package io.bpf4j.it.corpus;

import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** corpus/StructArrays.java: fixed arrays in a @Struct, in the kernel and decoded in Java. */
class StructArraysTest {
  static final class Named {
    int id;
    byte[] name = new byte[16];
    short[] ports = new short[4];
    long total;
  }

  @Test
  void arraysFilledOnTheStackAndThroughAMapValue() throws Exception {
    Expect expect = new Expect("StructArrays");
    // The test run executes on this thread: bpf_get_current_comm sees its name.
    String comm = Files.readString(Path.of("/proc/thread-self/comm")).strip();
    byte[] frame = Packet.udpFrame(61);
    try (BpfObject obj = Corpus.load("StructArrays");
        MapHandle<Integer, Named> table = obj.map("table", Integer.class, Named.class)) {
      int ret = obj.program("fill").testRun(frame, 1).retval();
      Named got = table.get(1);
      int len = got.id;
      expect.equal(7 + (comm.length() > 1 ? comm.charAt(1) : 0), ret, "ports[idx] + name[1]");
      String name = new String(got.name, StandardCharsets.UTF_8).replace("\0", "");
      expect.equal("X" + comm.substring(1), name, "name with its first byte replaced");
      short[] ports = {1, 1001, 2001, 3001};
      ports[len & 3] = 7;
      for (int i = 0; i < 4; i++) {
        expect.equal(ports[i], got.ports[i], "ports[" + i + "]");
      }
      expect.equal(6004L, got.total, "sum of the ports before the change");
    }
    expect.verify();
  }
}
