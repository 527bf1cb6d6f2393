package io.bpf4j.it.pinning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.it.PinDir;
import io.bpf4j.it.Tools;
import io.bpf4j.object.FunctionSpec;
import io.bpf4j.object.MapSpec;
import io.bpf4j.object.ObjectSpec;
import io.bpf4j.object.ObjectWriter;
import io.bpf4j.object.btf.Btf;
import io.bpf4j.object.btf.BtfType;
import io.bpf4j.object.insn.Assembler;
import io.bpf4j.object.insn.Register;
import io.bpf4j.object.kernel.MapType;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.MapHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Same-size types are never reinterpreted (issue 17 item 2), on real pinned maps: a map whose BTF
 * value is {@code struct {int a, b}} does not open as {@code Long}, a struct key not as {@code
 * Long}, and {@code pinning = BY_NAME} does not reuse a pinned map whose value type differs though
 * its size matches. A map without BTF (as {@code bpftool map create} makes one) is checked by size
 * only, and its handle says so.
 */
class SameSizeTypesTest {
  /** Under the default pin root, where BY_NAME maps go. */
  private static final Path BY_NAME = Path.of("/sys/fs/bpf/bpf4j_it_pair");

  /** The Java class of {@code struct pair}. */
  public static final class Pair {
    public int a;
    public int b;
  }

  enum Shape {
    LONG,
    PAIR_AB,
    PAIR_BA
  }

  @BeforeEach
  void kernel() throws Exception {
    KernelAssumptions.requireRoot();
    KernelAssumptions.requireBpffs();
    Files.deleteIfExists(BY_NAME);
  }

  @AfterEach
  void removePin() throws Exception {
    Files.deleteIfExists(BY_NAME);
  }

  @Test
  void aStructValueDoesNotOpenAsLong() {
    try (PinDir pins = PinDir.create();
        BpfObject obj = BpfRuntime.load(object(Shape.LONG, Shape.PAIR_AB, false), "pair")) {
      Path pin = pins.resolve("values");
      try (MapHandle<Long, Pair> m = obj.map("bpf4j_it_pair", Long.class, Pair.class)) {
        Pair p = new Pair();
        p.a = 1;
        p.b = 2;
        m.put(7L, p);
        m.pin(pin);
      }
      BpfException e =
          assertThrows(
              BpfException.class, () -> MapHandle.openPinned(pin, Long.class, Long.class).close());
      System.out.println("[bpf4j-it] struct value opened as Long: " + e.getMessage());
      assertTrue(e.getMessage().contains("not an integer"), e.getMessage());
      try (MapHandle<Long, Pair> m = MapHandle.openPinned(pin, Long.class, Pair.class)) {
        assertEquals(MapHandle.TypeCheck.BTF, m.typeCheck());
        assertEquals(2, m.get(7L).b);
      }
    }
  }

  @Test
  void aStructKeyDoesNotOpenAsLong() {
    try (PinDir pins = PinDir.create();
        BpfObject obj = BpfRuntime.load(object(Shape.PAIR_AB, Shape.LONG, false), "pair")) {
      Path pin = pins.resolve("keys");
      obj.map("bpf4j_it_pair", Pair.class, Long.class).pin(pin);
      BpfException e =
          assertThrows(
              BpfException.class, () -> MapHandle.openPinned(pin, Long.class, Long.class).close());
      assertTrue(e.getMessage().startsWith("the map's key type is struct {"), e.getMessage());
    }
  }

  @Test
  void byNameDoesNotReuseAPinOfAnotherValueType() {
    try (BpfObject first = BpfRuntime.load(object(Shape.LONG, Shape.PAIR_AB, true), "first")) {
      assertTrue(Files.exists(BY_NAME));
      BpfException kind =
          assertThrows(
              BpfException.class,
              () -> BpfRuntime.load(object(Shape.LONG, Shape.LONG, true), "second").close());
      System.out.println("[bpf4j-it] BY_NAME, value long over struct: " + kind.getMessage());
      assertTrue(kind.getMessage().contains("another value type"), kind.getMessage());
      BpfException names =
          assertThrows(
              BpfException.class,
              () -> BpfRuntime.load(object(Shape.LONG, Shape.PAIR_BA, true), "third").close());
      assertTrue(names.getMessage().contains("another value type"), names.getMessage());
      // The same shape is shared, as libbpf shares it.
      try (BpfObject same = BpfRuntime.load(object(Shape.LONG, Shape.PAIR_AB, true), "same")) {
        assertTrue(Files.exists(BY_NAME));
      }
    }
  }

  @Test
  void aMapWithoutBtfIsCheckedBySizeOnlyAndSaysSo() {
    Path bpftool = KernelAssumptions.requireTool("bpftool");
    try (PinDir pins = PinDir.create()) {
      Path pin = pins.resolve("untyped");
      Tools.run(
              bpftool, "map", "create", pin, "type", "hash", "key", "8", "value", "8", "entries",
              "4", "name", "untyped")
          .assertSuccess();
      try (MapHandle<Long, Long> m = MapHandle.openPinned(pin, Long.class, Long.class)) {
        assertEquals(MapHandle.TypeCheck.SIZE_ONLY, m.typeCheck());
      }
    }
  }

  // ---- objects ----

  /** A socket program using map {@code bpf4j_it_pair}, of 8-byte keys and values. */
  private static byte[] object(Shape key, Shape value, boolean pinByName) {
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
                .ldMap(Register.R1, "bpf4j_it_pair")
                .mov64(Register.R0, 0)
                .exit()
                .build(),
            func,
            "Pair.java",
            Map.of(5, "return 0;"));
    MapSpec map =
        new MapSpec(
            "bpf4j_it_pair",
            MapType.HASH.kernelId(),
            8,
            8,
            16,
            0,
            pinByName ? MapSpec.PIN_BY_NAME : MapSpec.PIN_NONE,
            keyType,
            valueType,
            List.of());
    return ObjectWriter.write(new ObjectSpec("GPL", List.of(use), List.of(map), new byte[0], btf));
  }

  private static int add(Btf btf, Shape shape, int intType) {
    return switch (shape) {
      case LONG -> btf.add(new BtfType.Int("long", 8, BtfType.Int.SIGNED, 0, 64));
      case PAIR_AB -> btf.add(pair(intType, "a", "b"));
      case PAIR_BA -> btf.add(pair(intType, "b", "a"));
    };
  }

  private static BtfType.Struct pair(int intType, String first, String second) {
    return new BtfType.Struct(
        "pair",
        8,
        List.of(new BtfType.Member(first, intType, 0), new BtfType.Member(second, intType, 32)));
  }
}
