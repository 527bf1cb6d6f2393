package io.bpf4j.object.btf;

import static io.bpf4j.object.btf.BtfTestSupport.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BtfWriterTest {

  /** int, long, struct pair { long a; long b; }, struct pair *, int[4]. */
  static Btf small() {
    Btf btf = new Btf();
    int i32 = btf.add(new BtfType.Int("int", 4, BtfType.Int.SIGNED, 0, 32));
    int i64 = btf.add(new BtfType.Int("long", 8, BtfType.Int.SIGNED, 0, 64));
    int pair =
        btf.add(
            new BtfType.Struct(
                "pair",
                16,
                List.of(new BtfType.Member("a", i64, 0), new BtfType.Member("b", i64, 64))));
    btf.add(new BtfType.Ptr(pair));
    btf.add(new BtfType.Array(i32, i32, 4));
    return btf;
  }

  /**
   * Derived by hand from uapi btf.h: info = kind << 24 | vlen; INT data = encoding << 24 | offset
   * << 16 | bits. The same records (up to name offsets) appear in the clang-built data.btf, see
   * ClangBtfTest.
   */
  static final byte[] SMALL_GOLDEN =
      hex(
          """
          9f eb 01 00  18 00 00 00              // magic, version 1, flags 0, hdr_len 24
          00 00 00 00  68 00 00 00              // type_off 0, type_len 104
          68 00 00 00  13 00 00 00              // str_off 104, str_len 19
          01 00 00 00  00 00 00 01  04 00 00 00  20 00 00 01   // [1] INT int 4 SIGNED 32 bits
          05 00 00 00  00 00 00 01  08 00 00 00  40 00 00 01   // [2] INT long 8 SIGNED 64 bits
          0a 00 00 00  02 00 00 04  10 00 00 00                // [3] STRUCT pair size 16 vlen 2
          0f 00 00 00  02 00 00 00  00 00 00 00                //     a: type 2 at bit 0
          11 00 00 00  02 00 00 00  40 00 00 00                //     b: type 2 at bit 64
          00 00 00 00  00 00 00 02  03 00 00 00                // [4] PTR -> 3
          00 00 00 00  00 00 00 03  00 00 00 00                // [5] ARRAY, size field 0
          01 00 00 00  01 00 00 00  04 00 00 00                //     elem 1, index 1, 4 elems
          00 69 6e 74 00 6c 6f 6e 67 00 70 61 69 72 00 61 00 62 00  // "" int long pair a b
          """);

  @Test
  void smallBtfMatchesHandDerivedBytes() {
    BtfWriter.Encoded encoded = BtfWriter.write(small(), List.of());
    assertArrayEquals(SMALL_GOLDEN, encoded.bytes());
    Map<String, Integer> expected = new LinkedHashMap<>();
    expected.put("", 0);
    expected.put("int", 1);
    expected.put("long", 5);
    expected.put("pair", 10);
    expected.put("a", 15);
    expected.put("b", 17);
    assertEquals(expected, encoded.stringOffsets());
    assertEquals(List.copyOf(expected.keySet()), List.copyOf(encoded.stringOffsets().keySet()));
  }

  @Test
  void smallGoldenParsesBack() {
    assertEquals(small().types(), BtfReader.read(SMALL_GOLDEN).btf().types());
  }

  @Test
  void extraStringsFollowTypeStringsDeduplicated() {
    BtfWriter.Encoded encoded = BtfWriter.write(small(), List.of("xdp", "pair", "", "x.c", "xdp"));
    assertEquals(19, encoded.offsetOf("xdp"));
    assertEquals(10, encoded.offsetOf("pair"));
    assertEquals(0, encoded.offsetOf(""));
    assertEquals(23, encoded.offsetOf("x.c"));
    assertEquals(27, BtfTestSupport.stringSection(encoded.bytes()).length);
    assertThrows(IllegalArgumentException.class, () -> encoded.offsetOf("missing"));
  }

  @Test
  void emptyTableIsHeaderAndEmptyString() {
    byte[] bytes = BtfWriter.write(new Btf(), List.of()).bytes();
    assertArrayEquals(
        hex("9f eb 01 00 18 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01 00 00 00 00"), bytes);
    assertEquals(0, BtfReader.read(bytes).btf().typeCount());
  }

  @Test
  void bitfieldStructSetsKindFlag() {
    Btf btf = new Btf();
    btf.add(
        new BtfType.Struct(
            "", 4, List.of(new BtfType.Member("", 0, 0), new BtfType.Member("", 0, 3, 5))));
    byte[] types = BtfTestSupport.typeSection(BtfWriter.write(btf, List.of()).bytes());
    assertEquals(0x84000002, BtfTestSupport.le(types).getInt(4));
    assertEquals(0, BtfTestSupport.le(types).getInt(20));
    assertEquals(5 << 24 | 3, BtfTestSupport.le(types).getInt(32));
  }

  @Test
  void unencodableFieldsAreRejected() {
    assertUnencodable(new BtfType.Int("i", 4, 16, 0, 32));
    assertUnencodable(new BtfType.Int("i", 4, 0, 256, 32));
    assertUnencodable(new BtfType.Int("i", 4, 0, 0, 256));
    assertUnencodable(new BtfType.Func("f", 1, 0x10000));
    assertUnencodable(new BtfType.Typedef("a\0b", 1));
    assertUnencodable(new BtfType.Struct("s", 4, List.of(new BtfType.Member("m", 1, 1 << 24, 1))));
    assertUnencodable(new BtfType.Struct("s", 4, List.of(new BtfType.Member("m", 1, 0, 256))));
    assertUnencodable(
        new BtfType.Enum("e", 4, false, List.of(new BtfType.EnumValue("v", 1L << 32))));
    assertUnencodable(
        new BtfType.FuncProto(0, java.util.Collections.nCopies(0x10000, new BtfType.Param("", 1))));
    assertThrows(IllegalArgumentException.class, () -> BtfWriter.write(new Btf(), List.of("a\0")));
  }

  private static void assertUnencodable(BtfType type) {
    Btf btf = new Btf();
    btf.add(type);
    assertThrows(IllegalArgumentException.class, () -> BtfWriter.write(btf, List.of()));
  }
}
