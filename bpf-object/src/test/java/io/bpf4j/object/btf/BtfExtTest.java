package io.bpf4j.object.btf;

import static io.bpf4j.object.btf.BtfTestSupport.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bpf4j.object.ObjectFormatException;
import java.util.List;
import org.junit.jupiter.api.Test;

class BtfExtTest {

  static BtfExt sample() {
    return new BtfExt(
        List.of(
            new BtfExt.FuncInfo("xdp", 0, 3),
            new BtfExt.FuncInfo("tc", 0, 5),
            new BtfExt.FuncInfo("xdp", 10, 4)),
        List.of(
            new BtfExt.LineInfo("xdp", 0, "a.c", "int x = 1;", 7, 3),
            new BtfExt.LineInfo("tc", 2, "a.c", "", 9, 0),
            new BtfExt.LineInfo("xdp", 4, "b.h", "return x;", (1 << 22) - 1, 1023)));
  }

  /** The string table a caller would build: types first (none here), then the ext strings. */
  static BtfWriter.Encoded strings(BtfExt ext) {
    return BtfWriter.write(new Btf(), BtfExtWriter.strings(ext));
  }

  @Test
  void stringsInFirstUseOrder() {
    assertEquals(
        List.of("xdp", "tc", "a.c", "int x = 1;", "b.h", "return x;"),
        BtfExtWriter.strings(sample()));
  }

  @Test
  void writesHandDerivedBytes() {
    BtfWriter.Encoded encoded = strings(sample());
    // Offsets in the string table: xdp 1, tc 5, a.c 8, "int x = 1;" 12, b.h 23, "return x;" 27.
    byte[] expected =
        hex(
            """
            9f eb 01 00  20 00 00 00     // magic, version, flags, hdr_len 32
            00 00 00 00  2c 00 00 00     // func_info_off 0, len 44
            2c 00 00 00  44 00 00 00     // line_info_off 44, len 68
            70 00 00 00  00 00 00 00     // core_relo_off 112, len 0
            08 00 00 00                  // func_info rec_size
            01 00 00 00  02 00 00 00     // "xdp", 2 records
            00 00 00 00  03 00 00 00     //   insn 0 -> type 3
            50 00 00 00  04 00 00 00     //   insn 10 (80 bytes) -> type 4
            05 00 00 00  01 00 00 00     // "tc", 1 record
            00 00 00 00  05 00 00 00     //   insn 0 -> type 5
            10 00 00 00                  // line_info rec_size
            01 00 00 00  02 00 00 00     // "xdp", 2 records
            00 00 00 00  08 00 00 00  0c 00 00 00  03 1c 00 00  // insn 0 a.c:7:3
            20 00 00 00  17 00 00 00  1b 00 00 00  ff ff ff ff  // insn 4 b.h:max:1023
            05 00 00 00  01 00 00 00     // "tc", 1 record
            10 00 00 00  08 00 00 00  00 00 00 00  00 24 00 00  // insn 2 a.c:9:0, no text
            """);
    byte[] bytes = BtfExtWriter.write(sample(), encoded::offsetOf);
    assertArrayEquals(expected, bytes);
  }

  @Test
  void coreRelocationsRoundTripAfterTheLineInfo() {
    BtfExt ext =
        new BtfExt(
            List.of(new BtfExt.FuncInfo("tp", 0, 3)),
            List.of(new BtfExt.LineInfo("tp", 0, "A.java", "", 7, 0)),
            List.of(
                new BtfExt.CoreRelo("tp", 2, 1, "0:2", 0),
                new BtfExt.CoreRelo("tp", 5, 1, "0:4", 2)));
    BtfWriter.Encoded encoded = strings(ext);
    byte[] bytes = BtfExtWriter.write(ext, encoded::offsetOf);
    // core_relo_off: after func_info (4 + 8 + 8 = 20) and line_info (4 + 8 + 16 = 28); len 4 + 8 +
    // 2 * 16.
    assertEquals(48, LeReaderAccess.i32(bytes, 24));
    assertEquals(44, LeReaderAccess.i32(bytes, 28));
    assertEquals(16, LeReaderAccess.i32(bytes, 32 + 48), "bpf_core_relo record size");
    ParsedBtf parsed = BtfReader.read(encoded.bytes());
    assertEquals(ext, BtfExtReader.read(bytes, parsed::stringAt));
  }

  /** Little-endian int at an offset. */
  private static final class LeReaderAccess {
    static int i32(byte[] b, int at) {
      return java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(at);
    }
  }

  @Test
  void roundTripsGroupedBySection() {
    BtfWriter.Encoded encoded = strings(sample());
    ParsedBtf parsed = BtfReader.read(encoded.bytes());
    BtfExt read =
        BtfExtReader.read(BtfExtWriter.write(sample(), encoded::offsetOf), parsed::stringAt);
    // Records come back grouped by section, in first-appearance order of the sections.
    List<BtfExt.FuncInfo> f = sample().funcInfos();
    List<BtfExt.LineInfo> l = sample().lineInfos();
    assertEquals(
        new BtfExt(List.of(f.get(0), f.get(2), f.get(1)), List.of(l.get(0), l.get(2), l.get(1))),
        read);
  }

  @Test
  void emptyBlocksAreOmitted() {
    byte[] bytes = BtfExtWriter.write(new BtfExt(List.of(), List.of()), s -> 0);
    assertArrayEquals(
        hex(
            "9f eb 01 00 20 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
                + "00 00 00 00 00 00 00 00"),
        bytes);
    assertEquals(new BtfExt(List.of(), List.of()), BtfExtReader.read(bytes, s -> ""));
    BtfExt onlyLines = new BtfExt(List.of(), List.of(new BtfExt.LineInfo("s", 1, "f", "", 2, 3)));
    BtfWriter.Encoded encoded = strings(onlyLines);
    byte[] ext = BtfExtWriter.write(onlyLines, encoded::offsetOf);
    assertEquals(0, BtfTestSupport.le(ext).getInt(12)); // func_info_len
    assertEquals(onlyLines, BtfExtReader.read(ext, BtfReader.read(encoded.bytes())::stringAt));
  }

  @Test
  void readsShortHeaderAndLargerRecords() {
    // hdr_len 24 (no core_relo fields); func_info records of 12 bytes, line_info of 20.
    byte[] bytes =
        hex(
            """
            9f eb 01 00  18 00 00 00
            00 00 00 00  18 00 00 00     // func_info 0..24
            18 00 00 00  20 00 00 00     // line_info 24..56
            0c 00 00 00  01 00 00 00  01 00 00 00
            08 00 00 00  07 00 00 00  ee ee ee ee
            14 00 00 00  01 00 00 00  01 00 00 00
            10 00 00 00  02 00 00 00  03 00 00 00  05 0c 00 00  ee ee ee ee
            """);
    BtfExt ext = BtfExtReader.read(bytes, BtfExtTest::name);
    assertEquals(
        new BtfExt(
            List.of(new BtfExt.FuncInfo("s1", 1, 7)),
            List.of(new BtfExt.LineInfo("s1", 2, "s2", "s3", 3, 5))),
        ext);
  }

  private static String name(int offset) {
    if (offset < 0 || offset > 3) {
      throw new ObjectFormatException("bad offset " + offset);
    }
    return offset == 0 ? "" : "s" + offset;
  }

  @Test
  void rejectsMalformedInput() {
    // func_info_len and line_info_off (line_info_len 0) are filled in.
    String header =
        "9f eb 01 00 20 00 00 00 00 00 00 00 %s 00 00 00 %s 00 00 00 00 00 00 00"
            + " 00 00 00 00 00 00 00 00 ";
    String ok = "08 00 00 00 01 00 00 00 01 00 00 00 00 00 00 00 01 00 00 00";
    BtfExtReader.read(hex(String.format(header, "14", "14") + ok), BtfExtTest::name);
    String[] bad = {
      "9f eb 01 00 20 00 00", // truncated header
      "9f eb 02 00 20 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
          + " 00 00 00 00", // version 2
      "9f eb 01 00 10 00 00 00 00 00 00 00 00 00 00 00", // hdr_len 16
      String.format(header, "18", "18") + ok, // block past the end
      String.format(header, "14", "14")
          + "04 00 00 00 01 00 00 00 01 00 00 00 00 00 00 00 01 00 00 00", // rec_size 4
      String.format(header, "14", "14")
          + "0a 00 00 00 01 00 00 00 01 00 00 00 00 00 00 00 01 00 00 00", // rec_size 10
      String.format(header, "14", "14")
          + "08 00 00 00 01 00 00 00 00 00 00 00 00 00 00 00 01 00 00 00", // num_info 0
      String.format(header, "14", "14")
          + "08 00 00 00 01 00 00 00 ff ff ff ff 00 00 00 00 01 00 00 00", // huge num_info
      String.format(header, "14", "14")
          + "08 00 00 00 01 00 00 00 01 00 00 00 04 00 00 00 01 00 00 00", // insn_off 4 bytes
      String.format(header, "14", "14")
          + "08 00 00 00 09 00 00 00 01 00 00 00 00 00 00 00 01 00 00 00", // bad string
      String.format(header, "04", "04") + "08 00 00 00", // rec_size without records
    };
    for (String b : bad) {
      assertThrows(
          ObjectFormatException.class, () -> BtfExtReader.read(hex(b), BtfExtTest::name), b);
    }
  }

  @Test
  void rejectsUnencodableValues() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            BtfExtWriter.write(
                new BtfExt(List.of(), List.of(new BtfExt.LineInfo("s", 0, "f", "", 1 << 22, 0))),
                s -> 0));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            BtfExtWriter.write(
                new BtfExt(List.of(), List.of(new BtfExt.LineInfo("s", 0, "f", "", 1, 1024))),
                s -> 0));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            BtfExtWriter.write(
                new BtfExt(List.of(new BtfExt.FuncInfo("s", -1, 1)), List.of()), s -> 0));
  }
}
