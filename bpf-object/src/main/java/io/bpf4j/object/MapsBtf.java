package io.bpf4j.object;

import io.bpf4j.object.btf.Btf;
import io.bpf4j.object.btf.BtfType;
import java.util.ArrayList;
import java.util.List;

/**
 * The BTF of libbpf's map definitions: each map is a variable of an anonymous struct whose members
 * are pointers, {@code __uint(name, n)} as a pointer to an {@code int[n]} and {@code __type(name,
 * T)} as a pointer to {@code T}, all in a {@code DATASEC .maps}.
 */
final class MapsBtf {
  /**
   * Where each map's definition sits in {@code .maps}, and where its {@code values} slots start
   * within it (-1 without values).
   */
  record Layout(List<Integer> offsets, List<Integer> sizes, List<Integer> valueOffsets, int size) {}

  private MapsBtf() {}

  static Layout add(Btf btf, List<MapSpec> maps) {
    int intType = btf.addOrFind(new BtfType.Int("int", 4, BtfType.Int.SIGNED, 0, 32));
    int indexType = btf.addOrFind(new BtfType.Int("__ARRAY_SIZE_TYPE__", 4, 0, 0, 32));
    List<BtfType.VarSecinfo> vars = new ArrayList<>();
    List<Integer> offsets = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    List<Integer> valueOffsets = new ArrayList<>();
    int offset = 0;
    for (MapSpec m : maps) {
      if (m.isInternal() || m.initialData().length != 0) {
        throw new IllegalArgumentException(
            "map "
                + m.name()
                + " is an internal map: its data is written as a section, not in .maps");
      }
      List<BtfType.Member> members = definition(btf, m, intType, indexType);
      // 'values' is a flexible array: it adds nothing to the struct's size.
      int structSize = 8 * members.size();
      if (m.inner() != null) {
        // __array(values, struct { ... }) as clang writes it: a zero-sized array of pointers to
        // the inner maps' definition, after the outer map's own members.
        if (m.inner().inner() != null) {
          throw new IllegalArgumentException(
              "map " + m.name() + ": its inner maps hold maps too; only one level is supported");
        }
        List<BtfType.Member> innerMembers = definition(btf, m.inner(), intType, indexType);
        int innerStruct = btf.add(new BtfType.Struct("", 8 * innerMembers.size(), innerMembers));
        int array =
            btf.addOrFind(
                new BtfType.Array(btf.addOrFind(new BtfType.Ptr(innerStruct)), indexType, 0));
        members.add(new BtfType.Member("values", array, 64 * members.size()));
      }
      int valuesOffset = -1;
      if (!m.initialPrograms().isEmpty()) {
        // __array(values, int (void *)): a flexible array of program pointers after the struct,
        // its slots initialized through relocations against the programs.
        int voidPtr = btf.addOrFind(new BtfType.Ptr(0));
        int proto =
            btf.addOrFind(new BtfType.FuncProto(intType, List.of(new BtfType.Param("", voidPtr))));
        int fnPtr = btf.addOrFind(new BtfType.Ptr(proto));
        int array = btf.addOrFind(new BtfType.Array(fnPtr, indexType, 0));
        members.add(new BtfType.Member("values", array, 64 * members.size()));
        valuesOffset = structSize;
      }
      int size = structSize + 8 * m.initialPrograms().size();
      int struct = btf.add(new BtfType.Struct("", structSize, members));
      int var = btf.add(new BtfType.Var(m.name(), struct, BtfType.Var.GLOBAL_ALLOCATED));
      vars.add(new BtfType.VarSecinfo(var, offset, size));
      offsets.add(offset);
      sizes.add(size);
      valueOffsets.add(valuesOffset);
      offset += size;
    }
    btf.add(new BtfType.Datasec(".maps", offset, vars));
    return new Layout(offsets, sizes, valueOffsets, offset);
  }

  /**
   * The members of {@code m}'s definition struct, up to {@code values}. A map of maps has no {@code
   * value} or {@code value_size}: its {@code values} member says what it holds.
   */
  private static List<BtfType.Member> definition(Btf btf, MapSpec m, int intType, int indexType) {
    List<BtfType.Member> members = new ArrayList<>();
    members.add(uint(btf, "type", m.type(), intType, indexType, members.size()));
    members.add(uint(btf, "max_entries", m.maxEntries(), intType, indexType, members.size()));
    if (m.btfKeyTypeId() != 0) {
      members.add(
          new BtfType.Member(
              "key", btf.addOrFind(new BtfType.Ptr(m.btfKeyTypeId())), 64 * members.size()));
    } else if (m.keySize() != 0) {
      members.add(uint(btf, "key_size", m.keySize(), intType, indexType, members.size()));
    }
    if (m.inner() != null) {
      // value_size comes from 'values'
    } else if (m.btfValueTypeId() != 0) {
      members.add(
          new BtfType.Member(
              "value", btf.addOrFind(new BtfType.Ptr(m.btfValueTypeId())), 64 * members.size()));
    } else if (m.valueSize() != 0) {
      members.add(uint(btf, "value_size", m.valueSize(), intType, indexType, members.size()));
    }
    if (m.flags() != 0) {
      members.add(uint(btf, "map_flags", m.flags(), intType, indexType, members.size()));
    }
    if (m.numaNode() != 0) {
      members.add(uint(btf, "numa_node", m.numaNode(), intType, indexType, members.size()));
    }
    if (m.mapExtra() != 0) {
      // __ulong(map_extra, n) as a pointer to an array of n: enough for the 32-bit values
      // (bloom filter hash counts) that the array count can hold.
      if (m.mapExtra() < 0 || m.mapExtra() > 0xffffffffL) {
        throw new IllegalArgumentException(
            "map " + m.name() + ": map_extra " + m.mapExtra() + " does not fit 32 bits");
      }
      members.add(uint(btf, "map_extra", (int) m.mapExtra(), intType, indexType, members.size()));
    }
    if (m.pinning() != 0) {
      members.add(uint(btf, "pinning", m.pinning(), intType, indexType, members.size()));
    }
    return members;
  }

  private static BtfType.Member uint(
      Btf btf, String name, int value, int intType, int indexType, int position) {
    int array = btf.addOrFind(new BtfType.Array(intType, indexType, value));
    return new BtfType.Member(name, btf.addOrFind(new BtfType.Ptr(array)), 64 * position);
  }
}
