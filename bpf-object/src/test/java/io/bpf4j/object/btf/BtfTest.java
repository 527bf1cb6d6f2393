package io.bpf4j.object.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bpf4j.object.ObjectFormatException;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class BtfTest {

  @Test
  void idsStartAtOne() {
    Btf btf = new Btf();
    assertEquals(1, btf.add(new BtfType.Int("int", 4, BtfType.Int.SIGNED, 0, 32)));
    assertEquals(2, btf.add(new BtfType.Ptr(1)));
    assertEquals(2, btf.typeCount());
    assertEquals(new BtfType.Ptr(1), btf.type(2));
    assertThrows(ObjectFormatException.class, () -> btf.type(0));
    assertThrows(ObjectFormatException.class, () -> btf.type(3));
    assertThrows(ObjectFormatException.class, () -> btf.type(-1));
    assertThrows(UnsupportedOperationException.class, () -> btf.types().add(new BtfType.Ptr(0)));
  }

  @Test
  void setPatchesForwardReferences() {
    Btf btf = new Btf();
    int self = btf.add(new BtfType.Struct("list", 0, List.of()));
    int ptr = btf.add(new BtfType.Ptr(self));
    btf.set(self, new BtfType.Struct("list", 8, List.of(new BtfType.Member("next", ptr, 0))));
    assertEquals(8, btf.sizeOf(self));
    assertEquals(8, btf.sizeOf(ptr));
    assertThrows(IllegalArgumentException.class, () -> btf.set(3, new BtfType.Ptr(0)));
    assertThrows(IllegalArgumentException.class, () -> btf.set(0, new BtfType.Ptr(0)));
  }

  @Test
  void findByNameMatchesKindAndName() {
    Btf btf = BtfRoundTripTest.everyKind();
    assertEquals(OptionalInt.of(1), btf.findByName(BtfType.KIND_INT, "int"));
    assertEquals(OptionalInt.of(5), btf.findByName(BtfType.KIND_STRUCT, "node"));
    assertEquals(OptionalInt.empty(), btf.findByName(BtfType.KIND_FWD, "node"));
    assertEquals(OptionalInt.of(13), btf.findByName(BtfType.KIND_FWD, "u_fwd"));
    assertEquals(OptionalInt.empty(), btf.findByName(BtfType.KIND_INT, "nope"));
  }

  @Test
  void sizeOfFollowsChains() {
    Btf btf = BtfRoundTripTest.everyKind();
    assertEquals(4, btf.sizeOf(1));
    assertEquals(16, btf.sizeOf(4));
    assertEquals(8, btf.sizeOf(6)); // ptr
    assertEquals(64, btf.sizeOf(7)); // int[16]
    assertEquals(24, btf.sizeOf(16)); // const volatile node_t
    assertEquals(8, btf.sizeOf(17)); // restrict ptr
    assertEquals(4, btf.sizeOf(22)); // var
    assertEquals(4, btf.sizeOf(26)); // type tag
    assertEquals(0xffffffffL, btf.sizeOf(30)); // sizes are unsigned
    for (int unsized : new int[] {0, 13, 19, 21, 24, 99}) {
      assertThrows(ObjectFormatException.class, () -> btf.sizeOf(unsized), "id " + unsized);
    }
  }

  @Test
  void sizeOfNestedArraysAndOverflow() {
    Btf btf = new Btf();
    int i64 = btf.add(new BtfType.Int("long", 8, BtfType.Int.SIGNED, 0, 64));
    int row = btf.add(new BtfType.Array(i64, i64, 3));
    int matrix = btf.add(new BtfType.Array(row, i64, 5));
    assertEquals(120, btf.sizeOf(matrix));
    int huge = btf.add(new BtfType.Array(i64, i64, -1));
    int tooHuge = btf.add(new BtfType.Array(huge, i64, -1));
    assertEquals(8 * 0xffffffffL, btf.sizeOf(huge));
    assertThrows(ObjectFormatException.class, () -> btf.sizeOf(tooHuge));
  }

  @Test
  void resolveSkipsModifiersAndTypedefs() {
    Btf btf = BtfRoundTripTest.everyKind();
    assertEquals(btf.type(5), btf.resolve(16));
    assertEquals(5, btf.resolveId(16));
    assertEquals(btf.type(6), btf.resolve(6)); // a pointer is not skipped
    assertEquals(btf.type(1), btf.resolve(26));
    Btf voids = new Btf();
    int constVoid = voids.add(new BtfType.Const(0));
    assertNull(voids.resolve(constVoid));
    assertNull(voids.resolve(0));
    assertThrows(ObjectFormatException.class, () -> voids.resolve(2));
  }

  @Test
  void cyclesAreReportedNotLooped() {
    Btf btf = new Btf();
    btf.add(new BtfType.Typedef("a", 2));
    btf.add(new BtfType.Const(1));
    btf.add(new BtfType.Array(3, 1, 2));
    btf.add(new BtfType.Typedef("dangling", -5));
    assertThrows(ObjectFormatException.class, () -> btf.resolve(1));
    assertThrows(ObjectFormatException.class, () -> btf.sizeOf(2));
    assertThrows(ObjectFormatException.class, () -> btf.sizeOf(3));
    assertThrows(ObjectFormatException.class, () -> btf.resolve(4));
    assertThrows(ObjectFormatException.class, () -> btf.sizeOf(4));
  }

  @Test
  void anonymousNamesAreEmpty() {
    assertEquals("", new BtfType.Struct(null, 0, List.of()).name());
    assertEquals("", new BtfType.Ptr(1).name());
    assertEquals(BtfType.KIND_ENUM64, new BtfType.Enum64("", 8, false, List.of()).kind());
  }
}
