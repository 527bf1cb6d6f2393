package io.bpf4j.runtime.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.object.btf.Btf;
import io.bpf4j.object.btf.BtfType;
import io.bpf4j.object.btf.BtfWriter;
import io.bpf4j.object.insn.Assembler;
import io.bpf4j.object.insn.Encoder;
import io.bpf4j.object.insn.Register;
import io.bpf4j.object.kernel.CoreRelocationKind;
import io.bpf4j.object.link.CoreRelocationRecord;
import io.bpf4j.object.link.LineInfoRecord;
import io.bpf4j.object.link.LinkedProgram;
import io.bpf4j.runtime.BpfException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The relocator against a small hand-made "kernel": fields moved, a field inside an anonymous
 * union, a flavored local name, a missing field with and without a {@code Core.exists} guard, a
 * size mismatch and a bitfield.
 */
class CoreRelocatorTest {
  /** The local view: struct task_struct { int pid; int tgid; task_struct *real_parent; ... }. */
  static Btf local(String name) {
    Btf btf = new Btf();
    int intType = btf.add(new BtfType.Int("int", 4, BtfType.Int.SIGNED, 0, 32));
    int charType = btf.add(new BtfType.Int("signed char", 1, BtfType.Int.SIGNED, 0, 8));
    int longType = btf.add(new BtfType.Int("long", 8, BtfType.Int.SIGNED, 0, 64));
    int struct = btf.add(new BtfType.Struct(name, 40, List.of())); // id 4
    int ptr = btf.add(new BtfType.Ptr(struct));
    int comm = btf.add(new BtfType.Array(charType, intType, 16));
    btf.set(
        struct,
        new BtfType.Struct(
            name,
            40,
            List.of(
                new BtfType.Member("pid", intType, 0),
                new BtfType.Member("tgid", intType, 32),
                new BtfType.Member("real_parent", ptr, 64),
                new BtfType.Member("comm", comm, 128),
                new BtfType.Member("missing", longType, 256))));
    return btf;
  }

  /**
   * The "kernel": struct task_struct { long state; unsigned flags:3 (a bitfield called pid); union
   * { int x; int tgid; }; char comm[16]; struct task_struct *real_parent; }.
   */
  static KernelBtf kernel(boolean pidIsBitfield) {
    Btf btf = new Btf();
    int intType = btf.add(new BtfType.Int("int", 4, BtfType.Int.SIGNED, 0, 32));
    int charType = btf.add(new BtfType.Int("char", 1, BtfType.Int.SIGNED, 0, 8));
    int longType = btf.add(new BtfType.Int("long", 8, BtfType.Int.SIGNED, 0, 64));
    int pidT = btf.add(new BtfType.Typedef("pid_t", intType));
    int union =
        btf.add(
            new BtfType.Union(
                "",
                4,
                List.of(new BtfType.Member("x", intType, 0), new BtfType.Member("tgid", pidT, 0))));
    int struct = btf.add(new BtfType.Struct("task_struct", 48, List.of()));
    int ptr = btf.add(new BtfType.Ptr(struct));
    int comm = btf.add(new BtfType.Array(charType, intType, 16));
    BtfType.Member pid =
        pidIsBitfield
            ? new BtfType.Member("pid", intType, 64, 3)
            : new BtfType.Member("pid", pidT, 64);
    btf.set(
        struct,
        new BtfType.Struct(
            "task_struct",
            48,
            List.of(
                new BtfType.Member("state", longType, 0),
                pid,
                new BtfType.Member("", union, 96),
                new BtfType.Member("comm", comm, 128),
                new BtfType.Member("real_parent", ptr, 256))));
    return KernelBtf.parse(BtfWriter.write(btf, List.of()).bytes());
  }

  private static final int TASK = 4;

  /** r0 = *(u32 *)(r1 + 4); r2 = 8 (mov); w3 = 1 (exists); r0 = *(u64 *)(r1 + 32); exit. */
  static LinkedProgram program(boolean guarded) {
    byte[] code =
        Encoder.encode(
                new Assembler()
                    .ldx(4, Register.R0, Register.R1, 4)
                    .mov64(Register.R2, 8)
                    .mov32(Register.R3, 1)
                    .ldx(8, Register.R0, Register.R1, 32)
                    .exit()
                    .build())
            .bytes();
    List<CoreRelocationRecord> relos =
        new java.util.ArrayList<>(
            List.of(
                new CoreRelocationRecord(0, TASK, "0:1", CoreRelocationKind.FIELD_BYTE_OFFSET),
                new CoreRelocationRecord(1, TASK, "0:2", CoreRelocationKind.FIELD_BYTE_OFFSET),
                new CoreRelocationRecord(3, TASK, "0:4", CoreRelocationKind.FIELD_BYTE_OFFSET)));
    if (guarded) {
      relos.add(2, new CoreRelocationRecord(2, TASK, "0:4", CoreRelocationKind.FIELD_EXISTS));
    }
    return new LinkedProgram(
        "prog",
        "tracepoint/a/b",
        5,
        0,
        0,
        code,
        List.of(),
        List.of(),
        List.of(
            new LineInfoRecord(0, "Snoop.java", "", 10, 0),
            new LineInfoRecord(3, "Snoop.java", "", 12, 0)),
        relos);
  }

  private static ByteBuffer insns(LinkedProgram p) {
    return ByteBuffer.wrap(p.instructions()).order(ByteOrder.LITTLE_ENDIAN);
  }

  @Test
  void movedFieldsGetTheKernelsOffsets() {
    CoreRelocator.Result r =
        new CoreRelocator(local("task_struct"), kernel(false)).relocate(program(true));
    ByteBuffer code = insns(r.program());
    assertEquals(12, code.getShort(2), "tgid, inside the anonymous union at byte 12");
    assertEquals(32, code.getInt(8 + 4), "real_parent moved to byte 32");
    assertEquals(0, code.getInt(16 + 4), "the field does not exist");
    assertEquals(0x85, code.get(24) & 0xff, "the guarded read is poisoned");
    assertEquals(CoreRelocator.POISON_HELPER, code.getInt(24 + 4));
    assertEquals(1, r.poisoned().size());
    assertEquals("task_struct.tgid", r.resolutions().get(0).targetPath());
  }

  @Test
  void aFlavoredLocalNameMatchesTheKernelsStruct() {
    CoreRelocator.Result r =
        new CoreRelocator(local("task_struct___v2"), kernel(false)).relocate(program(true));
    assertEquals(12, insns(r.program()).getShort(2));
    assertTrue(r.resolutions().get(0).resolved());
  }

  @Test
  void anUnguardedReadOfAMissingFieldNamesStructFieldAndLine() {
    BpfException e =
        assertThrows(
            BpfException.class,
            () -> new CoreRelocator(local("task_struct"), kernel(false)).relocate(program(false)));
    assertTrue(e.getMessage().contains("struct task_struct field missing"), e.getMessage());
    assertTrue(e.getMessage().contains("Snoop.java:12"), e.getMessage());
    assertTrue(e.getMessage().contains("Core.exists"), e.getMessage());
  }

  @Test
  void aStructTheKernelLacksIsAMissingField() {
    BpfException e =
        assertThrows(
            BpfException.class,
            () ->
                new CoreRelocator(local("no_such_struct"), kernel(false)).relocate(program(true)));
    assertTrue(e.getMessage().contains("struct no_such_struct field tgid"), e.getMessage());
    assertTrue(e.getMessage().contains("Snoop.java:10"), e.getMessage());
  }

  @Test
  void aBitfieldIsRefusedWithItsName() {
    LinkedProgram p = program(true);
    LinkedProgram pidRead =
        new LinkedProgram(
            p.name(),
            p.section(),
            p.programType(),
            0,
            0,
            p.instructions(),
            List.of(),
            List.of(),
            p.lineInfo(),
            List.of(
                new CoreRelocationRecord(0, TASK, "0:0", CoreRelocationKind.FIELD_BYTE_OFFSET)));
    BpfException e =
        assertThrows(
            BpfException.class,
            () -> new CoreRelocator(local("task_struct"), kernel(true)).relocate(pidRead));
    assertTrue(e.getMessage().contains("bitfield"), e.getMessage());
  }

  @Test
  void aDirectLoadOfTheWrongSizeIsRefused() {
    LinkedProgram p = program(true);
    LinkedProgram wide =
        new LinkedProgram(
            p.name(),
            p.section(),
            p.programType(),
            0,
            0,
            p.instructions(),
            List.of(),
            List.of(),
            p.lineInfo(),
            // insn 3 is an 8-byte load; tgid is 4 bytes in the kernel
            List.of(
                new CoreRelocationRecord(3, TASK, "0:1", CoreRelocationKind.FIELD_BYTE_OFFSET)));
    BpfException e =
        assertThrows(
            BpfException.class,
            () -> new CoreRelocator(local("task_struct"), kernel(false)).relocate(wide));
    assertTrue(e.getMessage().contains("as 8 bytes"), e.getMessage());
  }

  @Test
  void sizeAndExistenceOfAnExistingField() {
    LinkedProgram p = program(true);
    LinkedProgram q =
        new LinkedProgram(
            p.name(),
            p.section(),
            p.programType(),
            0,
            0,
            p.instructions(),
            List.of(),
            List.of(),
            p.lineInfo(),
            List.of(
                new CoreRelocationRecord(1, TASK, "0:3", CoreRelocationKind.FIELD_BYTE_SIZE),
                new CoreRelocationRecord(2, TASK, "0:3", CoreRelocationKind.FIELD_EXISTS)));
    CoreRelocator.Result r = new CoreRelocator(local("task_struct"), kernel(false)).relocate(q);
    assertEquals(16, insns(r.program()).getInt(8 + 4));
    assertEquals(1, insns(r.program()).getInt(16 + 4));
    assertFalse(r.resolutions().isEmpty());
  }

  @Test
  void essentialNames() {
    assertEquals("task_struct", CoreNames.essential("task_struct___v2"));
    assertEquals("task_struct", CoreNames.essential("task_struct"));
    assertEquals("a___b", CoreNames.essential("a___b___c"));
    assertEquals("____x", CoreNames.essential("____x"));
  }
}
