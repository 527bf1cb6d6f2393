package io.bpf4j.object.btf;

import io.bpf4j.object.ObjectFormatException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A BTF type table: the types of a {@code .BTF} section in id order. Ids start at 1; id 0 is the
 * implicit {@code void}. The table is mutable so that types can refer forward (a struct holding a
 * pointer to itself, a {@code DATASEC} whose size is known only after layout): add a placeholder,
 * then {@link #set} it.
 *
 * <p>Lookups by id throw {@link ObjectFormatException} for ids that do not exist, because ids
 * usually come from parsed bytes; chains that loop are reported the same way.
 */
public final class Btf {

  private final List<BtfType> types = new ArrayList<>();

  /** Appends a type and returns its id. */
  public int add(BtfType type) {
    types.add(Objects.requireNonNull(type, "type"));
    return types.size();
  }

  /**
   * The id of a type equal to {@code type}, adding it only when there is none: writers use it for
   * the small shared types (int, pointers, arrays) so the object's BTF has no duplicates.
   */
  public int addOrFind(BtfType type) {
    int index = types.indexOf(Objects.requireNonNull(type, "type"));
    return index >= 0 ? index + 1 : add(type);
  }

  /** Replaces the type with the given id. */
  public void set(int id, BtfType type) {
    Objects.requireNonNull(type, "type");
    if (id < 1 || id > types.size()) {
      throw new IllegalArgumentException("no BTF type with id " + id);
    }
    types.set(id - 1, type);
  }

  /** The type with the given id (1 to {@link #typeCount()}). */
  public BtfType type(int id) {
    if (id < 1 || id > types.size()) {
      throw new ObjectFormatException(
          id == 0 ? "BTF type id 0 is void" : "BTF type id " + id + " does not exist");
    }
    return types.get(id - 1);
  }

  /** The number of types, which is also the largest id. */
  public int typeCount() {
    return types.size();
  }

  /** The types in id order (index 0 holds id 1); an unmodifiable live view. */
  public List<BtfType> types() {
    return Collections.unmodifiableList(types);
  }

  /** The id of the first type of the given {@code BTF_KIND_*} and name. */
  public OptionalInt findByName(int kind, String name) {
    for (int i = 0; i < types.size(); i++) {
      BtfType t = types.get(i);
      if (t.kind() == kind && t.name().equals(name)) {
        return OptionalInt.of(i + 1);
      }
    }
    return OptionalInt.empty();
  }

  /**
   * The size in bytes of a value of the given type, following typedefs, modifiers, type tags and
   * variables to the sized type; a pointer is 8 bytes and an array {@code count} times its element
   * size (as libbpf's {@code btf__resolve_size}).
   *
   * @throws ObjectFormatException for void, functions, forward declarations, a missing id, a cycle
   *     or a size beyond {@code Long.MAX_VALUE}
   */
  public long sizeOf(int typeId) {
    long multiplier = 1;
    int id = typeId;
    // Iterative rather than recursive so that a long (or looping) chain of arrays cannot overflow
    // the stack; any chain longer than the table must revisit a type, i.e. loop.
    for (int steps = 0; steps <= types.size(); steps++) {
      BtfType t = type(id);
      if (t instanceof BtfType.Array a) {
        multiplier = multiply(multiplier, Integer.toUnsignedLong(a.count()), typeId);
        id = a.elementType();
        continue;
      }
      if (t instanceof BtfType.Var v) {
        id = v.type();
        continue;
      }
      if (isAlias(t)) {
        id = aliasTarget(t);
        continue;
      }
      return multiply(multiplier, ownSize(typeId, t), typeId);
    }
    throw new ObjectFormatException("BTF type " + typeId + " is part of a reference cycle");
  }

  /**
   * The type behind typedefs, {@code const}/{@code volatile}/{@code restrict} and type tags.
   *
   * @return the resolved type, or null when the chain ends at void (as {@code const void})
   * @throws ObjectFormatException for a missing id or a cycle
   */
  public BtfType resolve(int id) {
    int resolved = resolveId(id);
    return resolved == 0 ? null : type(resolved);
  }

  /** Like {@link #resolve} but returns the id, 0 for void. */
  public int resolveId(int id) {
    int current = id;
    for (int steps = 0; steps <= types.size(); steps++) {
      if (current == 0) {
        return 0;
      }
      BtfType t = type(current);
      if (!isAlias(t)) {
        return current;
      }
      current = aliasTarget(t);
    }
    throw new ObjectFormatException("BTF type " + id + " is part of a reference cycle");
  }

  /** Whether the type is only another name or qualification of the type it refers to. */
  private static boolean isAlias(BtfType t) {
    return t instanceof BtfType.Typedef
        || t instanceof BtfType.Const
        || t instanceof BtfType.Volatile
        || t instanceof BtfType.Restrict
        || t instanceof BtfType.TypeTag;
  }

  private static int aliasTarget(BtfType t) {
    if (t instanceof BtfType.Typedef r) {
      return r.type();
    } else if (t instanceof BtfType.Const r) {
      return r.type();
    } else if (t instanceof BtfType.Volatile r) {
      return r.type();
    } else if (t instanceof BtfType.Restrict r) {
      return r.type();
    } else if (t instanceof BtfType.TypeTag r) {
      return r.type();
    }
    throw new IllegalArgumentException("not an alias: " + t);
  }

  /** The byte size stored in a sized type's own record. */
  private static long ownSize(int typeId, BtfType t) {
    int size;
    if (t instanceof BtfType.Int i) {
      size = i.size();
    } else if (t instanceof BtfType.Ptr) {
      size = 8;
    } else if (t instanceof BtfType.Struct s) {
      size = s.size();
    } else if (t instanceof BtfType.Union u) {
      size = u.size();
    } else if (t instanceof BtfType.Enum e) {
      size = e.size();
    } else if (t instanceof BtfType.Enum64 e) {
      size = e.size();
    } else if (t instanceof BtfType.Datasec d) {
      size = d.size();
    } else if (t instanceof BtfType.Float f) {
      size = f.size();
    } else {
      throw new ObjectFormatException(
          "BTF type " + typeId + " (kind " + t.kind() + ") has no size");
    }
    return Integer.toUnsignedLong(size);
  }

  private static long multiply(long a, long b, int typeId) {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      throw new ObjectFormatException("size of BTF type " + typeId + " overflows", e);
    }
  }

  @Override
  public String toString() {
    return "Btf" + types;
  }
}
