package io.bpf4j.object.btf;

import static io.bpf4j.object.btf.BtfTestSupport.resource;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Checks against sections clang-19 produced (the C sources, with the commands that built them, are
 * in the C fixtures: {@code test-programs/src/main/resources/c}).
 */
class ClangBtfTest {

  @Test
  void dataObjectReencodesByteForByte() {
    byte[] clang = resource("data.btf");
    ParsedBtf parsed = BtfReader.read(clang);
    assertEquals(50, parsed.btf().typeCount());
    assertArrayEquals(clang, BtfWriter.write(parsed.btf(), List.of()).bytes());
  }

  @Test
  void dataObjectHasTheGoldenTestTypes() {
    Btf btf = BtfReader.read(resource("data.btf")).btf();
    int i32 = btf.findByName(BtfType.KIND_INT, "int").orElseThrow();
    int i64 = btf.findByName(BtfType.KIND_INT, "long").orElseThrow();
    Btf small = BtfWriterTest.small();
    assertEquals(small.type(1), btf.type(i32));
    assertEquals(small.type(2), btf.type(i64));
    int pair = btf.findByName(BtfType.KIND_STRUCT, "pair").orElseThrow();
    assertEquals(
        new BtfType.Struct(
            "pair", 16, List.of(new BtfType.Member("a", i64, 0), new BtfType.Member("b", i64, 64))),
        btf.type(pair));
  }

  @Test
  void dataObjectKindsDecodeAsClangMeantThem() {
    Btf btf = BtfReader.read(resource("data.btf")).btf();
    BtfType.Struct flags =
        (BtfType.Struct) btf.type(btf.findByName(BtfType.KIND_STRUCT, "flags").orElseThrow());
    assertEquals(new BtfType.Member("lo", 24, 0, 3), flags.members().get(0));
    assertEquals(new BtfType.Member("hi", 24, 3, 5), flags.members().get(1));
    assertEquals(new BtfType.Member("p", 25, 64, 0), flags.members().get(2));
    assertEquals(40, btf.sizeOf(btf.findByName(BtfType.KIND_STRUCT, "flags").orElseThrow()));
    assertEquals(new BtfType.Fwd("opaque", false), btf.type(30));
    assertEquals(
        new BtfType.Enum(
            "color",
            4,
            true,
            List.of(
                new BtfType.EnumValue("RED", 0),
                new BtfType.EnumValue("GREEN", 5),
                new BtfType.EnumValue("BLUE", -1))),
        btf.type(14));
    assertEquals(
        new BtfType.Enum64("big", 8, false, List.of(new BtfType.EnumValue("HUGE", 1L << 32))),
        btf.type(35));
    assertEquals(new BtfType.TypeTag("user", 2), btf.type(40));
    assertEquals(new BtfType.DeclTag("dtag", 43, -1), btf.type(44));
    assertEquals(new BtfType.Var("local_counter", 2, BtfType.Var.STATIC), btf.type(45));
    assertEquals(10, btf.resolveId(28)); // volatile struct pair
    assertEquals(
        new BtfType.Datasec(".maps", 0, List.of(new BtfType.VarSecinfo(13, 0, 32))),
        btf.type(btf.findByName(BtfType.KIND_DATASEC, ".maps").orElseThrow()));
  }

  /** How a loader reads a libbpf map definition: {@code __uint(type, 2)} is {@code int (*)[2]}. */
  @Test
  void dataObjectMapDefinition() {
    Btf btf = BtfReader.read(resource("data.btf")).btf();
    BtfType.Var var =
        (BtfType.Var) btf.type(btf.findByName(BtfType.KIND_VAR, "pairs").orElseThrow());
    BtfType.Struct def = (BtfType.Struct) btf.resolve(var.type());
    Map<String, Integer> fields = new HashMap<>();
    for (BtfType.Member m : def.members()) {
      fields.put(m.name(), m.type());
    }
    BtfType.Ptr type = (BtfType.Ptr) btf.resolve(fields.get("type"));
    assertEquals(2, ((BtfType.Array) btf.resolve(type.type())).count());
    BtfType.Ptr maxEntries = (BtfType.Ptr) btf.resolve(fields.get("max_entries"));
    assertEquals(4, ((BtfType.Array) btf.resolve(maxEntries.type())).count());
    BtfType.Ptr key = (BtfType.Ptr) btf.resolve(fields.get("key"));
    assertEquals(4, btf.sizeOf(key.type()));
    BtfType.Ptr value = (BtfType.Ptr) btf.resolve(fields.get("value"));
    assertInstanceOf(BtfType.Typedef.class, btf.type(value.type()));
    assertEquals(16, btf.sizeOf(value.type()));
  }

  @Test
  void programObjectExtMatchesObjdumpLines() {
    ParsedBtf parsed = BtfReader.read(resource("sample.btf"));
    BtfExt ext = BtfExtReader.read(resource("sample.btf.ext"), parsed::stringAt);
    Btf btf = parsed.btf();
    int count = btf.findByName(BtfType.KIND_FUNC, "count").orElseThrow();
    int classify = btf.findByName(BtfType.KIND_FUNC, "classify").orElseThrow();
    assertEquals(
        List.of(new BtfExt.FuncInfo("xdp", 0, count), new BtfExt.FuncInfo("tc", 0, classify)),
        ext.funcInfos());
    assertEquals(
        new BtfType.Func("count", ((BtfType.Func) btf.type(count)).protoType(), 1),
        btf.type(count));
    // Lines and instruction numbers agree with `llvm-objdump -d -l`; columns point at the
    // operator clang attributes the instruction to.
    String f = "./sample.c";
    String tableLine = "  table[2].b = helper(table[3].a);";
    assertEquals(
        List.of(
            new BtfExt.LineInfo("xdp", 0, f, "  p->a += 1;", 32, 8),
            new BtfExt.LineInfo("xdp", 5, f, "  return p->b > 2 ? 2 : 1;", 33, 13),
            new BtfExt.LineInfo("xdp", 7, f, "  return p->b > 2 ? 2 : 1;", 33, 3),
            new BtfExt.LineInfo("tc", 0, f, tableLine, 44, 32),
            new BtfExt.LineInfo("tc", 5, f, tableLine, 44, 16),
            new BtfExt.LineInfo("tc", 7, f, tableLine, 44, 14),
            new BtfExt.LineInfo("tc", 8, f, "  return 0;", 45, 3)),
        ext.lineInfos());
  }

  @Test
  void programObjectExtReencodesByteForByte() {
    byte[] clangBtf = resource("sample.btf");
    ParsedBtf parsed = BtfReader.read(clangBtf);
    byte[] clangExt = resource("sample.btf.ext");
    BtfExt ext = BtfExtReader.read(clangExt, parsed::stringAt);
    Map<String, Integer> clangOffsets = offsets(BtfTestSupport.stringSection(clangBtf));
    assertArrayEquals(clangExt, BtfExtWriter.write(ext, clangOffsets::get));
  }

  /**
   * Clang interleaves .BTF.ext strings with type names, while BtfWriter puts type names first, so
   * string offsets differ; every other word of the type section must be identical and every name
   * field must name the same string.
   */
  @Test
  void programObjectTypesReencodeUpToStringOffsets() {
    byte[] clang = resource("sample.btf");
    ParsedBtf parsed = BtfReader.read(clang);
    BtfExt ext = BtfExtReader.read(resource("sample.btf.ext"), parsed::stringAt);
    BtfWriter.Encoded ours = BtfWriter.write(parsed.btf(), BtfExtWriter.strings(ext));
    ParsedBtf reparsed = BtfReader.read(ours.bytes());

    byte[] clangTypes = BtfTestSupport.typeSection(clang);
    byte[] ourTypes = BtfTestSupport.typeSection(ours.bytes());
    assertEquals(clangTypes.length, ourTypes.length);
    Set<Integer> names = BtfTestSupport.namePositions(clangTypes);
    assertEquals(names, BtfTestSupport.namePositions(ourTypes));
    for (int p = 0; p < clangTypes.length; p += 4) {
      int theirs = BtfTestSupport.le(clangTypes).getInt(p);
      int mine = BtfTestSupport.le(ourTypes).getInt(p);
      if (names.contains(p)) {
        assertEquals(parsed.stringAt(theirs), reparsed.stringAt(mine), "name at byte " + p);
      } else {
        assertEquals(theirs, mine, "word at byte " + p);
      }
    }
    // Same set of strings, so the same string-section size.
    assertEquals(
        BtfTestSupport.stringSection(clang).length,
        BtfTestSupport.stringSection(ours.bytes()).length);
    assertTrue(ours.stringOffsets().containsKey("./sample.c"));
    assertEquals(
        ext, BtfExtReader.read(BtfExtWriter.write(ext, ours::offsetOf), reparsed::stringAt));
  }

  private static Map<String, Integer> offsets(byte[] strings) {
    Map<String, Integer> offsets = new HashMap<>();
    int start = 0;
    for (int i = 0; i < strings.length; i++) {
      if (strings[i] == 0) {
        offsets.putIfAbsent(new String(strings, start, i - start, StandardCharsets.UTF_8), start);
        start = i + 1;
      }
    }
    return offsets;
  }
}
