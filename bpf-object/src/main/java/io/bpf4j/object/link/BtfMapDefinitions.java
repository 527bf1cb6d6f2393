package io.bpf4j.object.link;

import io.bpf4j.object.MapSpec;
import io.bpf4j.object.ObjectFormatException;
import io.bpf4j.object.btf.Btf;
import io.bpf4j.object.btf.BtfType;
import io.bpf4j.object.kernel.MapType;
import java.util.List;
import java.util.Set;

/**
 * Reads the BTF-defined maps of {@code .maps} as libbpf's {@code parse_btf_map_def} does: each map
 * is a variable of a struct whose members are pointers, {@code __uint(name, n)} a pointer to an
 * {@code int[n]}, {@code __type(name, T)} a pointer to {@code T}, and prog arrays' {@code values} a
 * trailing array of function pointers.
 */
final class BtfMapDefinitions {

  /** Map types whose kernel implementation refuses BTF; libbpf creates them without. */
  private static final Set<Integer> NO_BTF_MAP_TYPES =
      Set.of(3, 4, 7, 8, 12, 13, 14, 15, 16, 17, 18, 22, 23, 25, 33);

  private final Btf btf;
  private final long mapsSectionSize;

  BtfMapDefinitions(Btf btf, long mapsSectionSize) {
    this.btf = btf;
    this.mapsSectionSize = mapsSectionSize;
  }

  /** libbpf's {@code bpf_object__init_user_btf_map} and {@code parse_btf_map_def}. */
  UserMap parse(BtfType.VarSecinfo vsi) {
    BtfType varType = btf.type(vsi.type());
    String name = varType.name();
    if (name.isEmpty()) {
      throw new ObjectFormatException("a map in '.maps' has no name");
    }
    String what = "map '" + name + "': ";
    long offset = Integer.toUnsignedLong(vsi.offset());
    long size = Integer.toUnsignedLong(vsi.size());
    if (offset + size > mapsSectionSize) {
      throw new ObjectFormatException(what + "definition lies outside section '.maps'");
    }
    if (!(varType instanceof BtfType.Var var)) {
      throw new ObjectFormatException(what + "BTF type " + vsi.type() + " is not a VAR");
    }
    if (var.linkage() != BtfType.Var.GLOBAL_ALLOCATED) {
      throw new ObjectFormatException(what + "static maps are not supported");
    }
    if (!(btf.resolve(var.type()) instanceof BtfType.Struct def)) {
      throw new ObjectFormatException(what + "definition is not a struct");
    }
    if (Integer.toUnsignedLong(def.size()) > size) {
      throw new ObjectFormatException(what + "definition is larger than its variable");
    }
    Definition parsed = definition(name, def, true);
    return new UserMap(parsed.map(), offset, size, parsed.valuesOffset());
  }

  /** A map's definition and where its {@code values} start in it (-1 without them). */
  private record Definition(MapSpec map, int valuesOffset) {}

  /**
   * libbpf's {@code parse_btf_map_def}: the members of {@code def}, a map named {@code name}. Only
   * an outer map ({@code outer}) may hold maps: libbpf parses the inner map's struct the same way
   * but refuses a further level.
   */
  private Definition definition(String name, BtfType.Struct def, boolean outer) {
    String what = "map '" + name + "': ";
    int type = 0;
    int maxEntries = 0;
    int flags = 0;
    int numaNode = 0;
    long mapExtra = 0;
    int pinning = 0;
    long keySize = -1;
    long valueSize = -1;
    int keyTypeId = 0;
    int valueTypeId = 0;
    int valuesOffset = -1;
    MapSpec inner = null;
    List<BtfType.Member> members = def.members();
    for (int i = 0; i < members.size(); i++) {
      BtfType.Member m = members.get(i);
      switch (m.name()) {
        case "type" -> type = intField(what, m);
        case "max_entries" -> maxEntries = intField(what, m);
        case "map_flags" -> flags = intField(what, m);
        case "numa_node" -> numaNode = intField(what, m);
        case "key_size" ->
            keySize = size(what, "key", keySize, Integer.toUnsignedLong(intField(what, m)));
        case "value_size" ->
            valueSize = size(what, "value", valueSize, Integer.toUnsignedLong(intField(what, m)));
        case "key" -> {
          keyTypeId = pointee(what, m);
          keySize = size(what, "key", keySize, btf.sizeOf(keyTypeId));
        }
        case "value" -> {
          valueTypeId = pointee(what, m);
          valueSize = size(what, "value", valueSize, btf.sizeOf(valueTypeId));
        }
        case "values" -> {
          if (i != members.size() - 1) {
            throw new ObjectFormatException(what + "'values' must be the last member");
          }
          if (MapType.of(type).holdsMaps()) {
            if (!outer) {
              throw new ObjectFormatException(
                  what + "holds maps of maps: only one level of inner maps is supported");
            }
            // The slots hold map fds, 4 bytes each, like a prog array's program fds.
            valueSize = size(what, "value", valueSize, 4);
            inner = definition(name + ".inner", innerDefinition(what, m), false).map();
          } else if (type == MapType.PROG_ARRAY.kernelId()) {
            valueSize = size(what, "value", valueSize, 4);
            checkProgArrayValues(what, m);
          } else {
            throw new ObjectFormatException(
                what + "only prog arrays and maps of maps may have 'values'");
          }
          valuesOffset = m.bitOffset() / 8;
        }
        case "pinning" -> {
          pinning = intField(what, m);
          if (pinning != MapSpec.PIN_NONE && pinning != MapSpec.PIN_BY_NAME) {
            throw new ObjectFormatException(
                what + "invalid pinning " + Integer.toUnsignedString(pinning));
          }
        }
        case "map_extra" -> mapExtra = longField(what, m);
        default -> throw new ObjectFormatException(what + "unknown field '" + m.name() + "'");
      }
    }
    if (type == 0) {
      throw new ObjectFormatException(what + "map type isn't specified");
    }
    if (MapType.of(type).holdsMaps() && inner == null) {
      throw new ObjectFormatException(
          what
              + "a map of maps needs 'values' describing its inner maps"
              + " (__array(values, struct { ... }))");
    }
    if (NO_BTF_MAP_TYPES.contains(type)) {
      keyTypeId = 0;
      valueTypeId = 0;
    }
    MapSpec definition =
        new MapSpec(
            name,
            type,
            (int) Math.max(keySize, 0),
            (int) Math.max(valueSize, 0),
            maxEntries,
            flags,
            numaNode,
            mapExtra,
            pinning,
            keyTypeId,
            valueTypeId,
            new byte[0],
            MapSpec.Kind.USER,
            List.of(),
            List.of(),
            inner);
    return new Definition(definition, valuesOffset);
  }

  private static long size(String what, String field, long known, long size) {
    if (size > 0xffffffffL) {
      throw new ObjectFormatException(what + field + " size " + size + " is too large");
    }
    if (known >= 0 && known != size) {
      throw new ObjectFormatException(
          what + "conflicting " + field + " size " + known + " != " + size);
    }
    return size;
  }

  /** {@code __uint(name, n)}: a pointer to an array of n elements. */
  private int intField(String what, BtfType.Member m) {
    if (!(btf.resolve(m.type()) instanceof BtfType.Ptr ptr)) {
      throw new ObjectFormatException(what + "attribute '" + m.name() + "' is not a pointer");
    }
    if (!(btf.type(ptr.type()) instanceof BtfType.Array array)) {
      throw new ObjectFormatException(
          what + "attribute '" + m.name() + "' does not point to an array");
    }
    return array.count();
  }

  /** {@code __ulong(name, n)}: like {@code __uint}, or an enum whose one value is n. */
  private long longField(String what, BtfType.Member m) {
    BtfType t = btf.resolve(m.type());
    if (t instanceof BtfType.Ptr) {
      return Integer.toUnsignedLong(intField(what, m));
    }
    List<BtfType.EnumValue> values;
    if (t instanceof BtfType.Enum e) {
      values = e.values();
      if (values.size() == 1) {
        return (int) values.get(0).value(); // libbpf reads the __s32 into a __u64
      }
    } else if (t instanceof BtfType.Enum64 e) {
      values = e.values();
      if (values.size() == 1) {
        return values.get(0).value();
      }
    }
    throw new ObjectFormatException(what + "attribute '" + m.name() + "' is not a valid __ulong");
  }

  /** {@code __type(name, T)}: a pointer to T. */
  private int pointee(String what, BtfType.Member m) {
    if (!(btf.type(m.type()) instanceof BtfType.Ptr ptr)) {
      throw new ObjectFormatException(what + m.name() + " spec is not a pointer");
    }
    return ptr.type();
  }

  /**
   * {@code __array(values, struct { ... })} of a map of maps: a zero-sized array of pointers to the
   * struct that defines the inner maps, members as in any map definition.
   */
  private BtfType.Struct innerDefinition(String what, BtfType.Member m) {
    if (!(btf.type(m.type()) instanceof BtfType.Array array) || array.count() != 0) {
      throw new ObjectFormatException(what + "'values' is not a zero-sized array");
    }
    if (!(btf.resolve(array.elementType()) instanceof BtfType.Ptr ptr)
        || !(btf.resolve(ptr.type()) instanceof BtfType.Struct def)) {
      throw new ObjectFormatException(
          what + "'values' is not an array of pointers to an inner map definition (a struct)");
    }
    return def;
  }

  private void checkProgArrayValues(String what, BtfType.Member m) {
    if (!(btf.type(m.type()) instanceof BtfType.Array array) || array.count() != 0) {
      throw new ObjectFormatException(what + "'values' is not a zero-sized array");
    }
    if (!(btf.resolve(array.elementType()) instanceof BtfType.Ptr ptr)
        || !(btf.resolve(ptr.type()) instanceof BtfType.FuncProto)) {
      throw new ObjectFormatException(what + "'values' is not an array of function pointers");
    }
  }
}
