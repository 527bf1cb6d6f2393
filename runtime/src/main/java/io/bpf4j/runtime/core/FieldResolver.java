package io.bpf4j.runtime.core;

import io.bpf4j.object.btf.Btf;
import io.bpf4j.object.btf.BtfType;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows a field access string ({@code "0:2:1"}) from a local struct through one kernel candidate
 * struct, as libbpf's {@code bpf_core_spec_match} does: the first number indexes the pointer (an
 * array element of the whole struct), each following one names a local member that is looked up in
 * the kernel's struct by name (through anonymous structs and unions embedded in it) or indexes an
 * array. Compatibility of the final field's types follows {@code bpf_core_fields_are_compat}.
 */
final class FieldResolver {
  private final Btf local;
  private final KernelBtf target;

  FieldResolver(Btf local, KernelBtf target) {
    this.local = local;
    this.target = target;
  }

  /** The local side of an access: the member path for messages, and the final local type. */
  record LocalSpec(String path, String lastField, int lastType, long localOffsetBits) {}

  /** Where the access lands in the kernel: bit offset, bitfield size, type, spelled path. */
  record TargetField(long bitOffset, int bitfieldSize, int type, String path) {}

  LocalSpec local(int typeId, String access) {
    String[] parts = access.split(":");
    BtfType root = local.type(typeId);
    StringBuilder path = new StringBuilder(root.name());
    int id = typeId;
    long bits = Long.parseLong(parts[0]) * local.sizeOf(typeId) * 8;
    String last = parts.length == 1 ? "" : null;
    for (int i = 1; i < parts.length; i++) {
      int index = Integer.parseInt(parts[i]);
      BtfType t = local.resolve(id);
      List<BtfType.Member> members =
          t instanceof BtfType.Struct s
              ? s.members()
              : t instanceof BtfType.Union u ? u.members() : null;
      if (members != null) {
        if (index < 0 || index >= members.size()) {
          throw new IllegalArgumentException(
              "access " + access + ": member " + index + " beyond " + t.name());
        }
        BtfType.Member m = members.get(index);
        path.append('.').append(m.name());
        last = m.name();
        bits += m.bitOffset();
        id = m.type();
      } else if (t instanceof BtfType.Array a) {
        path.append('[').append(index).append(']');
        bits += (long) index * local.sizeOf(a.elementType()) * 8;
        id = a.elementType();
      } else {
        throw new IllegalArgumentException("access " + access + " goes through a " + t.name());
      }
    }
    return new LocalSpec(path.toString(), last, id, bits);
  }

  /** The access through kernel struct {@code candidate}, or null when it does not match. */
  TargetField match(int localTypeId, String access, int candidate) {
    String[] parts = access.split(":");
    long bits = Long.parseLong(parts[0]) * target.sizeOf(candidate) * 8;
    StringBuilder path = new StringBuilder(target.name(candidate));
    int localId = localTypeId;
    int targetId = candidate;
    int bitfieldSize = 0;
    for (int i = 1; i < parts.length; i++) {
      int index = Integer.parseInt(parts[i]);
      BtfType lt = local.resolve(localId);
      int tt = target.skipModifiers(targetId);
      if (lt instanceof BtfType.Struct || lt instanceof BtfType.Union) {
        List<BtfType.Member> members =
            lt instanceof BtfType.Struct s ? s.members() : ((BtfType.Union) lt).members();
        BtfType.Member m = members.get(index);
        int tk = target.kind(tt);
        if (tk != KernelBtf.KIND_STRUCT && tk != KernelBtf.KIND_UNION) {
          return null;
        }
        List<KernelBtf.Member> chain = new ArrayList<>();
        if (!findMember(tt, m.name(), chain, 0)) {
          return null;
        }
        for (KernelBtf.Member step : chain) {
          bits += step.bitOffset();
          if (!step.name().isEmpty()) {
            path.append('.').append(step.name());
          }
        }
        KernelBtf.Member found = chain.get(chain.size() - 1);
        bitfieldSize = found.bitfieldSize();
        localId = m.type();
        targetId = found.type();
      } else if (lt instanceof BtfType.Array a) {
        if (target.kind(tt) != KernelBtf.KIND_ARRAY) {
          return null;
        }
        int[] ta = target.array(tt);
        // A flexible array (count 0) accepts any index, as libbpf allows.
        if (ta[1] != 0 && index >= ta[1]) {
          return null;
        }
        path.append('[').append(index).append(']');
        bits += (long) index * target.sizeOf(ta[0]) * 8;
        localId = a.elementType();
        targetId = ta[0];
        bitfieldSize = 0;
      } else {
        return null;
      }
    }
    if (parts.length > 1 && !compatible(localId, targetId, 0)) {
      return null;
    }
    return new TargetField(bits, bitfieldSize, targetId, path.toString());
  }

  /**
   * Finds member {@code name} of struct/union {@code id}, descending into anonymous members; the
   * chain holds each member passed through, the found one last.
   */
  private boolean findMember(int id, String name, List<KernelBtf.Member> chain, int depth) {
    if (depth > 32) {
      return false;
    }
    for (KernelBtf.Member m : target.members(id)) {
      if (m.name().equals(name)) {
        chain.add(m);
        return true;
      }
      if (m.name().isEmpty()) {
        int inner = target.skipModifiers(m.type());
        int k = target.kind(inner);
        if (k == KernelBtf.KIND_STRUCT || k == KernelBtf.KIND_UNION) {
          chain.add(m);
          if (findMember(inner, name, chain, depth + 1)) {
            return true;
          }
          chain.remove(chain.size() - 1);
        }
      }
    }
    return false;
  }

  /**
   * libbpf's {@code bpf_core_fields_are_compat}: structs and unions match each other, otherwise the
   * kinds must agree (enums by name), arrays by their elements.
   */
  private boolean compatible(int localId, int targetId, int depth) {
    if (depth > 32) {
      return false;
    }
    BtfType lt = local.resolve(localId);
    int tt = target.skipModifiers(targetId);
    int tk = target.kind(tt);
    if (lt == null) {
      return tk == 0;
    }
    boolean localComposite = lt instanceof BtfType.Struct || lt instanceof BtfType.Union;
    if (localComposite && (tk == KernelBtf.KIND_STRUCT || tk == KernelBtf.KIND_UNION)) {
      return true;
    }
    if (lt instanceof BtfType.Fwd) {
      return tk == KernelBtf.KIND_FWD
          && CoreNames.essential(lt.name()).equals(CoreNames.essential(target.name(tt)));
    }
    if (lt instanceof BtfType.Enum || lt instanceof BtfType.Enum64) {
      return (tk == KernelBtf.KIND_ENUM || tk == KernelBtf.KIND_ENUM64)
          && CoreNames.essential(lt.name()).equals(CoreNames.essential(target.name(tt)));
    }
    if (lt instanceof BtfType.Int) {
      // Integers of any size and sign are compatible (the kinds must agree: an int does not
      // stand for an enum or a pointer).
      return tk == KernelBtf.KIND_INT;
    }
    if (lt instanceof BtfType.Ptr) {
      return tk == KernelBtf.KIND_PTR;
    }
    if (lt instanceof BtfType.Float) {
      return tk == KernelBtf.KIND_FLOAT;
    }
    if (lt instanceof BtfType.Array a) {
      return tk == KernelBtf.KIND_ARRAY
          && compatible(a.elementType(), target.array(tt)[0], depth + 1);
    }
    return false;
  }
}
