package io.bpf4j.it.corpus;

import io.bpf4j.object.kernel.Errno;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.MapHandle;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * corpus/UpdateFlags.java: update with NOEXIST/EXIST/ANY and delete, replayed on a Java model of a
 * HASH map with the kernel's rules (-EEXIST = -17, -ENOENT = -2).
 */
class UpdateFlagsTest {

  static final class Outcome {
    int insertNew;
    int insertAgain;
    int replaceAbsent;
    int replacePresent;
    long valueAfterReplace;
    int overwrite;
    int deleteFirst;
    int deleteAgain;
    boolean goneAfterDelete;
  }

  /** BPF_ANY = 0, BPF_NOEXIST = 1, BPF_EXIST = 2 on a Java map. */
  static int update(Map<Integer, Long> m, int key, long value, int flags) {
    if (flags == 1 && m.containsKey(key)) {
      return -Errno.EEXIST;
    }
    if (flags == 2 && !m.containsKey(key)) {
      return -Errno.ENOENT;
    }
    m.put(key, value);
    return 0;
  }

  static int delete(Map<Integer, Long> m, int key) {
    return m.remove(key) == null ? -Errno.ENOENT : 0;
  }

  @Test
  void updateFlagsAndDeleteReturnTheKernelsErrors() {
    int[] frameLengths = {100, 100, 60, 100};
    Map<Integer, Long> model = new HashMap<>();
    Expect expect = new Expect("UpdateFlags");
    try (BpfObject obj = Corpus.load("UpdateFlags");
        MapHandle<Integer, Long> table = obj.map("table", Integer.class, Long.class);
        MapHandle<Integer, Outcome> outcomes = obj.map("outcomes", Integer.class, Outcome.class)) {
      for (int run = 0; run < frameLengths.length; run++) {
        byte[] frame = Packet.udpFrame(frameLengths[run]);
        int len = Packet.networkLength(frame);
        int key = len;
        int other = len + 1000;
        Outcome want = new Outcome();
        want.insertNew = update(model, key, len, 1);
        want.insertAgain = update(model, key, len * 2L, 1);
        want.replaceAbsent = update(model, other, 7L, 2);
        want.replacePresent = update(model, key, len * 3L, 2);
        want.valueAfterReplace = model.getOrDefault(key, -1L);
        want.overwrite = update(model, other, len * 5L, 0);
        want.deleteFirst = delete(model, key);
        want.deleteAgain = delete(model, key);
        want.goneAfterDelete = !model.containsKey(key);

        int ret = obj.program("exercise").testRun(frame, 1).retval();
        Outcome got = outcomes.get(0);
        String what = "run " + run + " len " + len + ": ";
        expect.equal(want.insertAgain, ret, what + "return value (insertAgain)");
        expect.equal(want.insertNew, got.insertNew, what + "NOEXIST on an absent key");
        expect.equal(want.insertAgain, got.insertAgain, what + "NOEXIST on a present key");
        expect.equal(want.replaceAbsent, got.replaceAbsent, what + "EXIST on key+1000");
        expect.equal(want.replacePresent, got.replacePresent, what + "EXIST on a present key");
        expect.equal(want.valueAfterReplace, got.valueAfterReplace, what + "value after EXIST");
        expect.equal(want.overwrite, got.overwrite, what + "ANY");
        expect.equal(want.deleteFirst, got.deleteFirst, what + "first delete");
        expect.equal(want.deleteAgain, got.deleteAgain, what + "second delete");
        expect.equal(want.goneAfterDelete, got.goneAfterDelete, what + "lookup after delete");
        expect.equal(model, table.entries(), what + "the table");
      }
    }
    expect.verify();
  }
}
