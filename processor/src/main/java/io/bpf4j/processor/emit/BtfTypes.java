package io.bpf4j.processor.emit;

import io.bpf4j.object.btf.Btf;
import io.bpf4j.object.btf.BtfType;
import io.bpf4j.processor.ir.Reg;
import io.bpf4j.processor.model.KernelField;
import io.bpf4j.processor.model.KernelStructView;
import io.bpf4j.processor.model.StructField;
import io.bpf4j.processor.model.StructLayout;
import io.bpf4j.processor.model.ValueType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The BTF types of one object: C integer types for Java primitives, structs for {@code @Struct}
 * classes, and function prototypes for func_info. Each type is added once.
 */
public final class BtfTypes {
  private final Btf btf = new Btf();
  private final Map<String, Integer> ids = new HashMap<>();

  public Btf btf() {
    return btf;
  }

  /** The C integer type that matches a Java primitive descriptor. */
  public int primitive(String descriptor) {
    return switch (descriptor) {
      case "Z" -> integer("_Bool", 1, BtfType.Int.BOOL);
      case "B" -> integer("signed char", 1, BtfType.Int.SIGNED);
      case "S" -> integer("short", 2, BtfType.Int.SIGNED);
      case "C" -> integer("unsigned short", 2, 0);
      case "I" -> integer("int", 4, BtfType.Int.SIGNED);
      case "J" -> integer("long", 8, BtfType.Int.SIGNED);
      default -> throw new IllegalArgumentException("not a primitive: " + descriptor);
    };
  }

  private int integer(String name, int size, int encoding) {
    return ids.computeIfAbsent(
        "int:" + name, k -> btf.addOrFind(new BtfType.Int(name, size, encoding, 0, size * 8)));
  }

  public int struct(StructLayout layout) {
    Integer id = ids.get("struct:" + layout.internalName());
    if (id != null) {
      return id;
    }
    List<BtfType.Member> members = new ArrayList<>();
    for (StructField f : layout.fields()) {
      if (f.isSpinLock()) {
        members.add(new BtfType.Member(f.name(), spinLock(), f.offset() * 8));
        continue;
      }
      int type = primitive(f.elementDescriptor());
      if (f.isArray()) {
        type = btf.addOrFind(new BtfType.Array(type, primitive("I"), f.length()));
      }
      members.add(new BtfType.Member(f.name(), type, f.offset() * 8));
    }
    int newId = btf.add(new BtfType.Struct(layout.cName(), layout.size(), members));
    ids.put("struct:" + layout.internalName(), newId);
    return newId;
  }

  /**
   * {@code struct bpf_spin_lock { __u32 val; }}: the verifier finds a value's lock by this name in
   * the map's value type.
   */
  private int spinLock() {
    return ids.computeIfAbsent(
        "struct:bpf_spin_lock",
        k -> {
          int u32 = btf.addOrFind(new BtfType.Int("unsigned int", 4, 0, 0, 32));
          return btf.add(
              new BtfType.Struct("bpf_spin_lock", 4, List.of(new BtfType.Member("val", u32, 0))));
        });
  }

  /**
   * The BTF type of a global variable: a C integer, a {@code @Struct}, or an array of {@code
   * length} integers when {@code descriptor} is a primitive array's.
   */
  public int variable(String descriptor, StructLayout struct, int length) {
    if (struct != null) {
      return struct(struct);
    }
    if (descriptor.startsWith("[")) {
      return btf.addOrFind(
          new BtfType.Array(primitive(descriptor.substring(1)), primitive("I"), length));
    }
    return primitive(descriptor);
  }

  /**
   * The local definition of a {@code @KernelStruct} view: a struct named as the kernel's with the
   * view's fields in order at their local offsets, a pointer field pointing to its view's struct
   * (found with {@code views}; a forward declaration when it has none). This is what CO-RE
   * relocations start from, as clang's local definition of a {@code preserve_access_index} struct.
   */
  public int kernelStruct(
      KernelStructView view, java.util.function.Function<String, KernelStructView> views) {
    Integer id = ids.get("kstruct:" + view.internalName());
    if (id != null) {
      return id;
    }
    // Registered before its members: a view may point to itself (task.real_parent).
    int newId = btf.add(new BtfType.Struct(view.kernelName(), view.size(), List.of()));
    ids.put("kstruct:" + view.internalName(), newId);
    List<BtfType.Member> members = new ArrayList<>();
    for (KernelField f : view.fields()) {
      int type;
      if (f.isPointer()) {
        KernelStructView pointee = views.apply(f.pointee());
        type =
            pointee == null
                ? pointerToStruct(f.pointee().substring(f.pointee().lastIndexOf('/') + 1))
                : btf.add(new BtfType.Ptr(kernelStruct(pointee, views)));
      } else {
        type = primitive(f.elementDescriptor());
        if (f.isArray()) {
          type = btf.addOrFind(new BtfType.Array(type, primitive("I"), f.length()));
        }
      }
      members.add(new BtfType.Member(f.name(), type, f.localOffset() * 8));
    }
    btf.set(newId, new BtfType.Struct(view.kernelName(), view.size(), members));
    return newId;
  }

  /** The BTF type of a map key or value, or 0 for none. */
  public int valueType(ValueType type) {
    if (type == null) {
      return 0;
    }
    return switch (type.kind()) {
      case INT -> primitive("I");
      case LONG -> primitive("J");
      case STRUCT -> struct(type.struct());
    };
  }

  /** A {@code struct name *} whose struct is only declared. */
  public int pointerToStruct(String name) {
    return ids.computeIfAbsent(
        "ptr:" + name,
        k -> {
          int fwd = btf.add(new BtfType.Fwd(name, false));
          return btf.add(new BtfType.Ptr(fwd));
        });
  }

  private int voidPointer() {
    return ids.computeIfAbsent("ptr:void", k -> btf.add(new BtfType.Ptr(0)));
  }

  /** A {@code FUNC} of the given parameter kinds returning int (or long); returns its id. */
  public int function(String name, boolean global, int returnType, List<Param> params) {
    List<BtfType.Param> ps = new ArrayList<>();
    for (Param p : params) {
      ps.add(new BtfType.Param(p.name(), p.type()));
    }
    int proto = btf.add(new BtfType.FuncProto(returnType, ps));
    return btf.add(
        new BtfType.Func(name, proto, global ? BtfType.Func.GLOBAL : BtfType.Func.STATIC));
  }

  /** The BTF type of a parameter or result kind. */
  public int ofKind(Reg.Kind kind) {
    return switch (kind) {
      case INT -> primitive("I");
      case LONG -> primitive("J");
      case REF -> voidPointer();
    };
  }

  /** A named parameter. */
  public record Param(String name, int type) {}
}
