package io.bpf4j.object.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.object.ObjectFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class BtfNameIndexTest {

  /** A kernel-like BTF: a function, a struct, a tracepoint typedef and a same-named struct. */
  static byte[] kernelLike() {
    Btf btf = new Btf();
    int intId = btf.add(new BtfType.Int("int", 4, BtfType.Int.SIGNED, 0, 32));
    int task =
        btf.add(new BtfType.Struct("task_struct", 4, List.of(new BtfType.Member("pid", 1, 0))));
    int ptr = btf.add(new BtfType.Ptr(task));
    int proto = btf.add(new BtfType.FuncProto(intId, List.of(new BtfType.Param("p", ptr))));
    btf.add(new BtfType.Func("do_exit", proto, BtfType.Func.GLOBAL)); // 5
    btf.add(new BtfType.Typedef("btf_trace_sched_switch", ptr)); // 6
    btf.add(new BtfType.Func("bpf_lsm_file_open", proto, BtfType.Func.GLOBAL)); // 7
    btf.add(new BtfType.Func("do_exit", proto, BtfType.Func.STATIC)); // 8: a later duplicate
    return BtfWriter.write(btf, List.of()).bytes();
  }

  @Test
  void findsFunctionsAndTypedefsByName() {
    BtfNameIndex index =
        BtfNameIndex.of(kernelLike(), BtfNameIndex.KIND_FUNC, BtfNameIndex.KIND_TYPEDEF);
    assertEquals(8, index.typeCount());
    assertEquals(OptionalInt.of(5), index.find(BtfNameIndex.KIND_FUNC, "do_exit"));
    assertEquals(OptionalInt.of(7), index.find(BtfNameIndex.KIND_FUNC, "bpf_lsm_file_open"));
    assertEquals(
        OptionalInt.of(6), index.find(BtfNameIndex.KIND_TYPEDEF, "btf_trace_sched_switch"));
    assertEquals(OptionalInt.empty(), index.find(BtfNameIndex.KIND_FUNC, "task_struct"));
    assertEquals(OptionalInt.empty(), index.find(BtfNameIndex.KIND_TYPEDEF, "do_exit"));
    assertThrows(IllegalArgumentException.class, () -> index.find(4, "task_struct"));
  }

  @Test
  void malformedBlobsAreFormatErrors() {
    byte[] bad = kernelLike();
    bad[0] = 0;
    assertThrows(ObjectFormatException.class, () -> BtfNameIndex.of(bad, 12));
    byte[] truncated = java.util.Arrays.copyOf(kernelLike(), 30);
    assertThrows(ObjectFormatException.class, () -> BtfNameIndex.of(truncated, 12));
  }

  /** The running kernel's BTF, where readable: the index sees every type of it. */
  @Test
  void indexesTheRunningKernelsBtf() throws Exception {
    Path vmlinux = Path.of("/sys/kernel/btf/vmlinux");
    if (!Files.isReadable(vmlinux)) {
      return;
    }
    byte[] bytes = Files.readAllBytes(vmlinux);
    BtfNameIndex index = BtfNameIndex.of(bytes, BtfNameIndex.KIND_FUNC);
    assertTrue(index.typeCount() > 1000, "types: " + index.typeCount());
    assertTrue(index.find(BtfNameIndex.KIND_FUNC, "schedule").isPresent());
  }
}
