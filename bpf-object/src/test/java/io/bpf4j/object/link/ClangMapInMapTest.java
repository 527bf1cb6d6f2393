package io.bpf4j.object.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.object.FunctionSpec;
import io.bpf4j.object.LinkedObject;
import io.bpf4j.object.MapSpec;
import io.bpf4j.object.ObjectFormatException;
import io.bpf4j.object.ObjectReader;
import io.bpf4j.object.ObjectSpec;
import io.bpf4j.object.ObjectWriter;
import io.bpf4j.object.btf.Btf;
import io.bpf4j.object.btf.BtfType;
import io.bpf4j.object.insn.Assembler;
import io.bpf4j.object.insn.Register;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Maps of maps in {@code .maps}: what clang-19 writes for libbpf's {@code __array(values, struct {
 * ... })} (test-programs' {@code c/map_in_map.c}, checked in as {@code map_in_map.o} and {@code
 * map_in_map_slots.o}), read as libbpf reads it, and written back by {@link ObjectWriter} in the
 * same shape. The expected numbers are those {@code bpftool -d prog loadall map_in_map.o} logs
 * (libbpf creates {@code outer_array.inner} as an ARRAY of 4 entries, key 4, value 8).
 */
class ClangMapInMapTest {
  private static final int ARRAY = 2;
  private static final int HASH = 1;
  private static final int ARRAY_OF_MAPS = 12;
  private static final int HASH_OF_MAPS = 13;

  private static final LinkedObject CLANG =
      ObjectReader.read(TestObjects.resource("map_in_map.o"), "map_in_map.o");

  @Test
  void outerMapsHoldMapFdsAndCarryNoBtf() {
    MapSpec outer = CLANG.map("outer_array").orElseThrow();
    assertEquals(ARRAY_OF_MAPS, outer.type());
    assertEquals(4, outer.keySize());
    assertEquals(4, outer.valueSize()); // a map fd per slot
    assertEquals(8, outer.maxEntries());
    // The kernel refuses BTF for maps of maps; libbpf creates them without.
    assertEquals(0, outer.btfKeyTypeId());
    assertEquals(0, outer.btfValueTypeId());
    MapSpec hash = CLANG.map("outer_hash").orElseThrow();
    assertEquals(HASH_OF_MAPS, hash.type());
    assertEquals(16, hash.maxEntries());
    assertEquals(
        List.of("outer_array", "outer_hash"), CLANG.maps().stream().map(MapSpec::name).toList());
  }

  @Test
  void innerShapeComesFromTheValuesStruct() {
    MapSpec inner = CLANG.map("outer_array").orElseThrow().inner();
    assertEquals("outer_array.inner", inner.name());
    assertEquals(ARRAY, inner.type());
    assertEquals(4, inner.maxEntries());
    assertEquals(4, inner.keySize());
    assertEquals(8, inner.valueSize());
    assertEquals(0, inner.flags());
    assertEquals("__u32", CLANG.btf().type(inner.btfKeyTypeId()).name());
    assertEquals("__u64", CLANG.btf().type(inner.btfValueTypeId()).name());
    assertNull(inner.inner());

    MapSpec hashInner = CLANG.map("outer_hash").orElseThrow().inner();
    assertEquals("outer_hash.inner", hashInner.name());
    assertEquals(HASH, hashInner.type());
    assertEquals(64, hashInner.maxEntries());
    assertEquals(1, hashInner.flags()); // BPF_F_NO_PREALLOC
    assertEquals(4, hashInner.keySize());
    assertEquals(8, hashInner.valueSize());
  }

  @Test
  void initialInnerMapsAreRefusedNamingTheMap() {
    byte[] object = TestObjects.resource("map_in_map_slots.o");
    ObjectFormatException e =
        assertThrows(ObjectFormatException.class, () -> ObjectReader.read(object));
    assertTrue(e.getMessage().contains("'outer_array'"), e.getMessage());
    assertTrue(e.getMessage().contains("initial inner maps"), e.getMessage());
    assertTrue(e.getMessage().contains("inner_seed"), e.getMessage());
  }

  @Test
  void writtenMapsOfMapsReadBackTheSame() {
    LinkedObject ours = ObjectReader.read(ObjectWriter.write(ownSpec()), "own");
    for (String name : List.of("outer_array", "outer_hash")) {
      MapSpec clangMap = CLANG.map(name).orElseThrow();
      MapSpec ourMap = ours.map(name).orElseThrow();
      assertEquals(withoutBtfIds(clangMap), withoutBtfIds(ourMap), name);
      assertEquals(withoutBtfIds(clangMap.inner()), withoutBtfIds(ourMap.inner()), name + ".inner");
      assertEquals(
          CLANG.btf().sizeOf(clangMap.inner().btfKeyTypeId()),
          ours.btf().sizeOf(ourMap.inner().btfKeyTypeId()));
      assertEquals(
          CLANG.btf().sizeOf(clangMap.inner().btfValueTypeId()),
          ours.btf().sizeOf(ourMap.inner().btfValueTypeId()));
    }
  }

  /**
   * The BTF of each definition, as {@code bpftool btf dump} would show it with ids resolved: our
   * definitions have the members clang writes, of the same kinds, array counts and sizes (member
   * order within a struct follows the C source in clang's, a fixed order in ours).
   */
  @Test
  void writtenBtfHasClangsShape() {
    LinkedObject ours = ObjectReader.read(ObjectWriter.write(ownSpec()), "own");
    for (String name : List.of("outer_array", "outer_hash")) {
      assertEquals(shape(CLANG.btf(), name), shape(ours.btf(), name), name);
    }
    assertEquals(
        "{key=ptr(int4), max_entries=ptr([8]), type=ptr([12]),"
            + " values=[0](ptr({key=ptr(int4), max_entries=ptr([4]), type=ptr([2]),"
            + " value=ptr(int8)}))}",
        shape(ours.btf(), "outer_array"));
  }

  @Test
  void aMapOfMapsWithoutValuesIsRefused() {
    ObjectSpec spec = ownSpec();
    List<MapSpec> maps =
        spec.maps().stream()
            .map(m -> m.name().equals("outer_hash") ? withoutBtfIds(m) : m)
            .toList();
    byte[] object =
        ObjectWriter.write(
            new ObjectSpec(spec.license(), spec.functions(), maps, spec.rodata(), spec.btf()));
    ObjectFormatException e =
        assertThrows(ObjectFormatException.class, () -> ObjectReader.read(object));
    assertTrue(e.getMessage().contains("map 'outer_hash'"), e.getMessage());
    assertTrue(e.getMessage().contains("needs 'values'"), e.getMessage());
  }

  @Test
  void theWriterRefusesTwoLevelsOfInnerMaps() {
    ObjectSpec spec = ownSpec();
    MapSpec outer = spec.maps().get(0);
    MapSpec nested = outer.withInner(outer.withInner(outer.inner()));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ObjectWriter.write(
                    new ObjectSpec(
                        spec.license(),
                        spec.functions(),
                        List.of(nested, spec.maps().get(1)),
                        spec.rodata(),
                        spec.btf())));
    assertTrue(e.getMessage().contains("only one level"), e.getMessage());
  }

  private static MapSpec withoutBtfIds(MapSpec m) {
    return new MapSpec(
        m.name(),
        m.type(),
        m.keySize(),
        m.valueSize(),
        m.maxEntries(),
        m.flags(),
        m.numaNode(),
        m.mapExtra(),
        m.pinning(),
        0,
        0,
        m.initialData(),
        m.kind(),
        m.initialPrograms(),
        m.variables(),
        null);
  }

  private static String shape(Btf btf, String variable) {
    int datasec = btf.findByName(BtfType.KIND_DATASEC, ".maps").orElseThrow();
    for (BtfType.VarSecinfo vsi : ((BtfType.Datasec) btf.type(datasec)).vars()) {
      if (btf.type(vsi.type()) instanceof BtfType.Var v && v.name().equals(variable)) {
        return shapeOf(btf, v.type());
      }
    }
    throw new AssertionError("no map " + variable);
  }

  private static String shapeOf(Btf btf, int id) {
    BtfType t = btf.resolve(id);
    if (t instanceof BtfType.Ptr p) {
      return "ptr(" + shapeOf(btf, p.type()) + ")";
    }
    if (t instanceof BtfType.Array a) {
      // __uint(name, n) arrays: only the count matters.
      return btf.resolve(a.elementType()) instanceof BtfType.Int
          ? "[" + a.count() + "]"
          : "[" + a.count() + "](" + shapeOf(btf, a.elementType()) + ")";
    }
    if (t instanceof BtfType.Int i) {
      return "int" + i.size();
    }
    if (t instanceof BtfType.Struct s) {
      Map<String, String> members = new TreeMap<>();
      for (BtfType.Member m : s.members()) {
        members.put(m.name(), shapeOf(btf, m.type()));
      }
      return members.toString();
    }
    return t.getClass().getSimpleName();
  }

  /** Our writer's twin of map_in_map.c's maps, with a program that refers to both. */
  private static ObjectSpec ownSpec() {
    Btf btf = new Btf();
    int u32 = btf.add(new BtfType.Int("unsigned int", 4, 0, 0, 32));
    int u64 = btf.add(new BtfType.Int("unsigned long long", 8, 0, 0, 64));
    int proto = btf.add(new BtfType.FuncProto(u32, List.of()));
    int func = btf.add(new BtfType.Func("count_packet", proto, BtfType.Func.GLOBAL));
    MapSpec arrayInner =
        new MapSpec("outer_array.inner", ARRAY, 4, 8, 4, 0, 0, u32, u64, List.of());
    MapSpec hashInner = new MapSpec("outer_hash.inner", HASH, 4, 8, 64, 1, 0, u32, u64, List.of());
    List<MapSpec> maps =
        List.of(
            new MapSpec("outer_array", ARRAY_OF_MAPS, 4, 4, 8, 0, 0, u32, 0, List.of())
                .withInner(arrayInner),
            new MapSpec("outer_hash", HASH_OF_MAPS, 4, 4, 16, 0, 0, u32, 0, List.of())
                .withInner(hashInner));
    FunctionSpec program =
        new FunctionSpec(
            "count_packet",
            "xdp",
            true,
            new Assembler()
                .line(1, 1)
                .ldMap(Register.R1, "outer_array")
                .ldMap(Register.R1, "outer_hash")
                .mov64(Register.R0, 2)
                .exit()
                .build(),
            func,
            "MapOfMaps.java",
            Map.of(1, "return XDP_PASS;"));
    return new ObjectSpec("GPL", List.of(program), maps, new byte[0], btf);
  }
}
