package io.bpf4j.it.runtime;

import io.bpf4j.object.LinkedObject;
import io.bpf4j.object.MapSpec;
import io.bpf4j.object.ObjectReader;
import io.bpf4j.object.btf.Btf;
import io.bpf4j.object.btf.BtfType;
import io.bpf4j.object.insn.Assembler;
import io.bpf4j.object.insn.Label;
import io.bpf4j.object.insn.Opcode;
import io.bpf4j.object.insn.Register;
import io.bpf4j.object.kernel.MapType;
import java.util.List;
import java.util.Map;

/**
 * A socket filter {@code countNested} that counts through two maps of maps: it looks up slot 0 of
 * the ARRAY_OF_MAPS {@code byIndex} and adds 1 to index 0 of the ARRAY it holds there, then looks
 * up key 7 of the HASH_OF_MAPS {@code byKey} and adds 1 to key 0 of the HASH it holds there, when
 * Java has put that key (the program only counts into existing entries, to stay short). Inner
 * shapes are set by hand on the object read back, as the object reader will set them from {@code
 * __array(values, ...)}.
 */
final class MapOfMapsObjects {
  private MapOfMapsObjects() {}

  static final int BY_INDEX_SLOT = 0;
  static final int BY_KEY_KEY = 7;

  /** The inner ARRAYs: int to long, 4 entries. */
  static final int ARRAY_ENTRIES = 4;

  /** The inner HASHes: int to long, 16 entries. */
  static final int HASH_ENTRIES = 16;

  static LinkedObject countNested() {
    return countNested(0, 8);
  }

  /**
   * As {@link #countNested()}, with {@code byKey} declared with {@code pinning} (1: BY_NAME) and
   * holding hashes of {@code hashValueSize}-byte values.
   */
  static LinkedObject countNested(int pinning, int hashValueSize) {
    Btf btf = new Btf();
    int intType = btf.add(new BtfType.Int("int", 4, BtfType.Int.SIGNED, 0, 32));
    int u64 = btf.add(new BtfType.Int("__u64", 8, 0, 0, 64));
    Label hash = new Label("hash");
    Label out = new Label("out");
    Assembler code = new Assembler().line(10, 5);
    lookupAndCount(code, "byIndex", BY_INDEX_SLOT, hash);
    code.bind(hash).line(11, 5);
    lookupAndCount(code, "byKey", BY_KEY_KEY, out);
    code.bind(out).line(12, 5).mov64(Register.R0, 0).exit();
    MapSpec arrays =
        new MapSpec(
            "byIndex.inner",
            MapType.ARRAY.kernelId(),
            4,
            8,
            ARRAY_ENTRIES,
            0,
            0,
            intType,
            u64,
            List.of());
    MapSpec hashes =
        new MapSpec(
            "byKey.inner",
            MapType.HASH.kernelId(),
            4,
            hashValueSize,
            HASH_ENTRIES,
            0,
            0,
            intType,
            hashValueSize == 8 ? u64 : intType,
            List.of());
    // The writer writes the held shapes as __array(values, ...), and the reader takes them back.
    MapSpec byIndex =
        new MapSpec("byIndex", MapType.ARRAY_OF_MAPS.kernelId(), 4, 4, 2, 0, 0, 0, 0, List.of())
            .withInner(arrays);
    MapSpec byKey =
        new MapSpec("byKey", MapType.HASH_OF_MAPS.kernelId(), 4, 4, 4, 0, pinning, 0, 0, List.of())
            .withInner(hashes);
    byte[] elf =
        AssembledObjects.skbProgram(
            "socket",
            "countNested",
            code,
            "Nested.java",
            Map.of(
                10, "BpfMap<Integer, Long> a = byIndex.lookup(0); ...",
                11, "BpfMap<Integer, Long> h = byKey.lookup(7); ...",
                12, "return 0;"),
            btf,
            List.of(byIndex, byKey));
    return ObjectReader.read(elf, "nested");
  }

  /**
   * {@code inner = outer[key]; if (inner) { v = inner[0]; if (v) *v += 1 }}, else to {@code done}:
   * the verifier knows the held map's shape from the outer map's template.
   */
  private static void lookupAndCount(Assembler code, String outer, int key, Label done) {
    code.st(4, Register.R10, -4, key)
        .mov64(Register.R2, Register.R10)
        .alu(true, Opcode.ADD, Register.R2, -4)
        .ldMap(Register.R1, outer)
        .call(1) // bpf_map_lookup_elem: the held map, or null
        .jmp(Opcode.JEQ, Register.R0, 0, done)
        .mov64(Register.R1, Register.R0)
        .st(4, Register.R10, -8, 0)
        .mov64(Register.R2, Register.R10)
        .alu(true, Opcode.ADD, Register.R2, -8)
        .call(1) // bpf_map_lookup_elem in the held map
        .jmp(Opcode.JEQ, Register.R0, 0, done)
        .mov64(Register.R1, 1)
        .atomic(8, Opcode.ATOMIC_ADD, Register.R0, 0, Register.R1);
  }
}
