package io.bpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.object.FunctionSpec;
import io.bpf4j.object.MapSpec;
import io.bpf4j.object.ObjectSpec;
import io.bpf4j.object.ObjectWriter;
import io.bpf4j.object.btf.Btf;
import io.bpf4j.object.btf.BtfType;
import io.bpf4j.object.insn.Assembler;
import io.bpf4j.object.insn.Register;
import io.bpf4j.object.kernel.MapType;
import io.bpf4j.runtime.fake.FakeKernel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A map's bytes are read only through a type that describes them (API.md section 3: "a mismatch is
 * an exception, never a silent misread"): with BTF, a same-size type of another kind or layout is
 * refused, for handles and for {@code pinning = BY_NAME} reuse; without BTF, the check is by size
 * only and the handle says so.
 */
class MapTypeCheckTest {
  /** The 8-byte types the maps below use as keys or values. */
  enum Shape {
    LONG,
    /** {@code struct pair { int a; int b; }} */
    PAIR_AB,
    /** {@code struct pair { int b; int a; }}: the same size, the fields swapped. */
    PAIR_BA,
    /** {@code typedef const struct pair { int a; int b; } pair_t}: PAIR_AB behind aliases. */
    PAIR_AB_TYPEDEF
  }

  /** A Java class for {@code struct pair}. */
  public static final class Pair {
    public int a;
    public int b;
  }

  @TempDir Path bpffs;
  private FakeKernel kernel;

  @BeforeEach
  void setUp() {
    kernel = new FakeKernel(bpffs);
  }

  @AfterEach
  void nothingLeaks() {
    assertEquals(List.of(), kernel.closeErrors());
    assertEquals(Set.of(), kernel.openFds());
  }

  @Test
  void aStructValueOpenedAsLongIsRefused() {
    Path pin = bpffs.resolve("shared");
    try (BpfObject obj = load(Shape.LONG, Shape.PAIR_AB, false)) {
      obj.map("shared", Long.class, Pair.class).pin(pin);
    }
    BpfException e =
        assertThrows(
            BpfException.class, () -> MapHandle.openPinned(kernel, pin, Long.class, Long.class));
    assertEquals(
        "the map's value type is struct { a: int (4 bytes) at 0; b: int (4 bytes) at 4 } (8"
            + " bytes), not an integer; Long would read its bytes as one number. Use a @Struct"
            + " class with fields of the same names and sizes",
        e.getMessage());
    try (MapHandle<Long, Pair> ok = MapHandle.openPinned(kernel, pin, Long.class, Pair.class)) {
      assertEquals(MapHandle.TypeCheck.BTF, ok.typeCheck());
    }
  }

  @Test
  void aStructKeyOpenedAsLongIsRefused() {
    try (BpfObject obj = load(Shape.PAIR_AB, Shape.LONG, false)) {
      BpfException e =
          assertThrows(BpfException.class, () -> obj.map("shared", Long.class, Long.class));
      assertTrue(e.getMessage().startsWith("the map's key type is struct {"), e.getMessage());
      obj.map("shared", Pair.class, Long.class).close();
    }
  }

  @Test
  void anIntegerValueIsNotAStructAndTheMessageSaysSoInWords() {
    try (BpfObject obj = load(Shape.LONG, Shape.LONG, false)) {
      BpfException e =
          assertThrows(BpfException.class, () -> obj.map("shared", Long.class, Pair.class));
      assertEquals(
          "the map's value type is int (8 bytes), not a struct; Pair cannot describe it; use"
              + " Integer or Long",
          e.getMessage());
    }
  }

  @Test
  void typedefsAndQualifiersAreLookedThrough() {
    try (BpfObject obj = load(Shape.LONG, Shape.PAIR_AB_TYPEDEF, false);
        MapHandle<Long, Pair> m = obj.map("shared", Long.class, Pair.class)) {
      assertEquals(MapHandle.TypeCheck.BTF, m.typeCheck());
    }
  }

  @Test
  void withoutBtfTheCheckIsBySizeOnlyAndTheHandleSaysSo() throws Exception {
    Path pin = bpffs.resolve("untyped");
    try (BpfObject obj = load(Shape.LONG, Shape.PAIR_AB, false)) {
      // As bpftool map create makes them: sizes, no BTF.
      var fd =
          kernel.mapCreate(
              new io.bpf4j.runtime.sys.Kernel.MapCreate(
                  MapType.HASH.kernelId(), 8, 8, 4, 0, "untyped", null, 0, 0));
      kernel.objPin(fd, pin.toString());
      fd.close();
    }
    try (MapHandle<Long, Long> m = MapHandle.openPinned(kernel, pin, Long.class, Long.class)) {
      assertEquals(MapHandle.TypeCheck.SIZE_ONLY, m.typeCheck());
    }
  }

  @Test
  void byNameReuseOfAPinWithAnotherValueKindIsRefused() {
    try (BpfObject first = load(Shape.LONG, Shape.PAIR_AB, true)) {
      BpfException e =
          assertThrows(BpfException.class, () -> load(Shape.LONG, Shape.LONG, true).close());
      assertEquals(
          "the map pinned at "
              + bpffs.resolve("shared")
              + " has the sizes of map shared of this object but another value type: pinned"
              + " struct { a: int (4 bytes) at 0; b: int (4 bytes) at 4 } (8 bytes), declared int"
              + " (8 bytes); sharing it would misread every entry. Remove the old pin (rm "
              + bpffs.resolve("shared")
              + ") or give the map another name",
          e.getMessage());
    }
  }

  @Test
  void byNameReuseOfAPinWithSwappedFieldsIsRefused() {
    try (BpfObject first = load(Shape.LONG, Shape.PAIR_AB, true)) {
      BpfException e =
          assertThrows(BpfException.class, () -> load(Shape.LONG, Shape.PAIR_BA, true).close());
      assertTrue(e.getMessage().contains("another value type"), e.getMessage());
      BpfException key =
          assertThrows(BpfException.class, () -> load(Shape.PAIR_AB, Shape.PAIR_AB, true).close());
      assertTrue(key.getMessage().contains("another key type"), key.getMessage());
    }
  }

  @Test
  void byNameReuseOfTheSameShapeSharesTheMap() {
    try (BpfObject first = load(Shape.LONG, Shape.PAIR_AB, true);
        BpfObject second = load(Shape.LONG, Shape.PAIR_AB_TYPEDEF, true)) {
      assertEquals(1, kernel.maps().size(), "one map, shared");
    }
  }

  // ---- objects ----

  private BpfObject load(Shape key, Shape value, boolean pinByName) {
    return BpfRuntime.load(kernel, bpffs, object(key, value, pinByName), "typed");
  }

  /** One socket program using map {@code shared} of 8-byte keys and values of the given shapes. */
  static byte[] object(Shape key, Shape value, boolean pinByName) {
    Btf btf = new Btf();
    int intType = btf.add(new BtfType.Int("int", 4, BtfType.Int.SIGNED, 0, 32));
    int proto = btf.add(new BtfType.FuncProto(intType, List.of(new BtfType.Param("ctx", intType))));
    int func = btf.add(new BtfType.Func("use", proto, BtfType.Func.GLOBAL));
    int keyType = add(btf, key, intType);
    int valueType = add(btf, value, intType);
    FunctionSpec use =
        new FunctionSpec(
            "use",
            "socket",
            true,
            new Assembler()
                .line(5, 5)
                .ldMap(Register.R1, "shared")
                .mov64(Register.R0, 0)
                .exit()
                .build(),
            func,
            "Typed.java",
            Map.of(5, "return 0;"));
    MapSpec shared =
        new MapSpec(
            "shared",
            MapType.HASH.kernelId(),
            8,
            8,
            16,
            0,
            pinByName ? MapSpec.PIN_BY_NAME : MapSpec.PIN_NONE,
            keyType,
            valueType,
            List.of());
    return ObjectWriter.write(
        new ObjectSpec("GPL", List.of(use), List.of(shared), new byte[0], btf));
  }

  private static int add(Btf btf, Shape shape, int intType) {
    return switch (shape) {
      case LONG -> btf.add(new BtfType.Int("long", 8, BtfType.Int.SIGNED, 0, 64));
      case PAIR_AB -> btf.add(pair(intType, "a", "b"));
      case PAIR_BA -> btf.add(pair(intType, "b", "a"));
      case PAIR_AB_TYPEDEF -> {
        int struct = btf.add(pair(intType, "a", "b"));
        int constant = btf.add(new BtfType.Const(struct));
        yield btf.add(new BtfType.Typedef("pair_t", constant));
      }
    };
  }

  private static BtfType.Struct pair(int intType, String first, String second) {
    return new BtfType.Struct(
        "pair",
        8,
        List.of(new BtfType.Member(first, intType, 0), new BtfType.Member(second, intType, 32)));
  }
}
