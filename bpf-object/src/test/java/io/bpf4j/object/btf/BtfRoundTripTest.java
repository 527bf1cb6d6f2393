package io.bpf4j.object.btf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BtfRoundTripTest {

  /** One table holding every kind, with the odd corners of each encoding. */
  static Btf everyKind() {
    Btf btf = new Btf();
    int i32 = btf.add(new BtfType.Int("int", 4, BtfType.Int.SIGNED, 0, 32)); // 1
    btf.add(new BtfType.Int("_Bool", 1, BtfType.Int.BOOL, 0, 8)); // 2
    btf.add(new BtfType.Int("char", 1, BtfType.Int.SIGNED | BtfType.Int.CHAR, 0, 8)); // 3
    btf.add(new BtfType.Int("__int128", 16, BtfType.Int.SIGNED, 0, 128)); // 4
    int node = btf.add(new BtfType.Fwd("node", false)); // 5, patched below
    int ptr = btf.add(new BtfType.Ptr(node)); // 6
    int arr = btf.add(new BtfType.Array(i32, i32, 16)); // 7
    btf.set(
        node,
        new BtfType.Struct(
            "node",
            24,
            List.of(
                new BtfType.Member("next", ptr, 0),
                new BtfType.Member("lo", i32, 64, 3),
                new BtfType.Member("hi", i32, 67, 29),
                new BtfType.Member("", arr, 96, 0))));
    btf.add(
        new BtfType.Union(
            "word",
            4,
            List.of(new BtfType.Member("u", i32, 0), new BtfType.Member("f", 20, 0)))); // 8
    btf.add(
        new BtfType.Enum(
            "color",
            4,
            true,
            List.of(new BtfType.EnumValue("RED", 0), new BtfType.EnumValue("NEG", -1)))); // 9
    btf.add(
        new BtfType.Enum(
            "flags", 4, false, List.of(new BtfType.EnumValue("TOP", 0xffffffffL)))); // 10
    btf.add(
        new BtfType.Enum64(
            "big",
            8,
            false,
            List.of(
                new BtfType.EnumValue("HUGE", 0x1_0000_0000L),
                new BtfType.EnumValue("ALL", -1L)))); // 11
    btf.add(
        new BtfType.Enum64(
            "sbig", 8, true, List.of(new BtfType.EnumValue("MIN", Long.MIN_VALUE)))); // 12
    btf.add(new BtfType.Fwd("u_fwd", true)); // 13
    int typedef = btf.add(new BtfType.Typedef("node_t", node)); // 14
    int vol = btf.add(new BtfType.Volatile(typedef)); // 15
    int cst = btf.add(new BtfType.Const(vol)); // 16
    btf.add(new BtfType.Restrict(btf.add(new BtfType.Ptr(cst)))); // 17, 18
    int proto =
        btf.add(
            new BtfType.FuncProto(
                i32, List.of(new BtfType.Param("ctx", ptr), new BtfType.Param("", 0)))); // 19
    btf.add(new BtfType.Float("float", 4)); // 20
    btf.add(new BtfType.Func("prog", proto, BtfType.Func.GLOBAL)); // 21
    int var = btf.add(new BtfType.Var("counter", i32, BtfType.Var.GLOBAL_ALLOCATED)); // 22
    btf.add(new BtfType.Datasec(".bss", 4, List.of(new BtfType.VarSecinfo(var, 0, 4)))); // 23
    btf.add(new BtfType.DeclTag("tag", var, -1)); // 24
    btf.add(new BtfType.DeclTag("member_tag", node, 1)); // 25
    btf.add(new BtfType.TypeTag("user", i32)); // 26
    btf.add(new BtfType.FuncProto(0, List.of())); // 27
    btf.add(new BtfType.Struct("", 0, List.of())); // 28
    btf.add(new BtfType.Datasec(".maps", 0, List.of())); // 29
    btf.add(new BtfType.Int("unsigned int", -1, 0, 255, 255)); // 30: extreme field values
    return btf;
  }

  static Stream<BtfType> everyKindTypes() {
    return everyKind().types().stream();
  }

  @Test
  void everyKindRoundTrips() {
    Btf btf = everyKind();
    BtfWriter.Encoded encoded = BtfWriter.write(btf, List.of());
    ParsedBtf parsed = BtfReader.read(encoded.bytes());
    assertEquals(btf.types(), parsed.btf().types());
    assertArrayEquals(encoded.bytes(), BtfWriter.write(parsed.btf(), List.of()).bytes());
  }

  @ParameterizedTest
  @MethodSource("everyKindTypes")
  void singleTypeRoundTrips(BtfType type) {
    Btf btf = new Btf();
    btf.add(type);
    ParsedBtf parsed = BtfReader.read(BtfWriter.write(btf, List.of()).bytes());
    assertEquals(List.of(type), parsed.btf().types());
  }

  @Test
  void everyKindNumberIsCovered() {
    long kinds = everyKindTypes().mapToInt(BtfType::kind).distinct().count();
    assertEquals(19, kinds);
  }

  @Test
  void stringsResolveThroughTheParsedTable() {
    Btf btf = everyKind();
    BtfWriter.Encoded encoded = BtfWriter.write(btf, List.of("extra", "int"));
    ParsedBtf parsed = BtfReader.read(encoded.bytes());
    for (var e : encoded.stringOffsets().entrySet()) {
      assertEquals(e.getKey(), parsed.stringAt(e.getValue()));
    }
    assertEquals("", parsed.stringAt(0));
  }
}
