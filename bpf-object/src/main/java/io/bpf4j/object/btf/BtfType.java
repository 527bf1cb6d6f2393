package io.bpf4j.object.btf;

import java.util.List;

/**
 * One BTF type record ({@code struct btf_type} plus its kind-specific trailer, kernel {@code
 * include/uapi/linux/btf.h}). There is one record per {@code BTF_KIND_*}; a type refers to another
 * by its id in the enclosing {@link Btf} table, where id 0 is {@code void}.
 *
 * <p>Fields that the kernel stores as unsigned 32-bit values (sizes, counts, offsets, type ids) are
 * Java {@code int}s holding the same 32 bits. Records do not validate: a table may be built with
 * forward references and patched later; {@link BtfWriter} rejects what cannot be encoded.
 */
public sealed interface BtfType {

  int KIND_INT = 1;
  int KIND_PTR = 2;
  int KIND_ARRAY = 3;
  int KIND_STRUCT = 4;
  int KIND_UNION = 5;
  int KIND_ENUM = 6;
  int KIND_FWD = 7;
  int KIND_TYPEDEF = 8;
  int KIND_VOLATILE = 9;
  int KIND_CONST = 10;
  int KIND_RESTRICT = 11;
  int KIND_FUNC = 12;
  int KIND_FUNC_PROTO = 13;
  int KIND_VAR = 14;
  int KIND_DATASEC = 15;
  int KIND_FLOAT = 16;
  int KIND_DECL_TAG = 17;
  int KIND_TYPE_TAG = 18;
  int KIND_ENUM64 = 19;

  /** The type's name, or "" when the type is anonymous or its kind has no name. */
  String name();

  /** The {@code BTF_KIND_*} number. */
  int kind();

  private static String orEmpty(String name) {
    return name == null ? "" : name;
  }

  /**
   * {@code BTF_KIND_INT}: an integer, {@code char} or {@code _Bool}.
   *
   * @param size the storage size in bytes
   * @param encoding a combination of {@link #SIGNED}, {@link #CHAR}, {@link #BOOL}
   * @param bitOffset the bit offset of the value inside its storage (0 for plain integers)
   * @param bits the number of value bits
   */
  record Int(String name, int size, int encoding, int bitOffset, int bits) implements BtfType {
    public static final int SIGNED = 1;
    public static final int CHAR = 2;
    public static final int BOOL = 4;

    public Int {
      name = orEmpty(name);
    }

    @Override
    public int kind() {
      return KIND_INT;
    }
  }

  /** {@code BTF_KIND_PTR}: a pointer to {@code type}. */
  record Ptr(int type) implements BtfType {
    @Override
    public String name() {
      return "";
    }

    @Override
    public int kind() {
      return KIND_PTR;
    }
  }

  /**
   * {@code BTF_KIND_ARRAY}: {@code count} elements. The index type carries no information the
   * verifier uses, but must be an integer type; clang uses {@code __ARRAY_SIZE_TYPE__}.
   */
  record Array(int elementType, int indexType, int count) implements BtfType {
    @Override
    public String name() {
      return "";
    }

    @Override
    public int kind() {
      return KIND_ARRAY;
    }
  }

  /**
   * A struct or union member ({@code struct btf_member}).
   *
   * @param bitOffset the member's offset from the start of the aggregate, in bits
   * @param bitfieldSize the bitfield width, or 0 when the member is not a bitfield; any non-zero
   *     width makes the writer set the aggregate's {@code kind_flag}
   */
  record Member(String name, int type, int bitOffset, int bitfieldSize) {
    public Member {
      name = orEmpty(name);
    }

    /** A member that is not a bitfield. */
    public Member(String name, int type, int bitOffset) {
      this(name, type, bitOffset, 0);
    }
  }

  /** {@code BTF_KIND_STRUCT}: a struct of {@code size} bytes. */
  record Struct(String name, int size, List<Member> members) implements BtfType {
    public Struct {
      name = orEmpty(name);
      members = List.copyOf(members);
    }

    @Override
    public int kind() {
      return KIND_STRUCT;
    }
  }

  /** {@code BTF_KIND_UNION}: a union of {@code size} bytes. */
  record Union(String name, int size, List<Member> members) implements BtfType {
    public Union {
      name = orEmpty(name);
      members = List.copyOf(members);
    }

    @Override
    public int kind() {
      return KIND_UNION;
    }
  }

  /**
   * One enumerator ({@code struct btf_enum} or {@code struct btf_enum64}). For a 32-bit {@link
   * Enum} the value is the sign- or zero-extended 32-bit value, per the enum's signedness.
   */
  record EnumValue(String name, long value) {
    public EnumValue {
      name = orEmpty(name);
    }
  }

  /** {@code BTF_KIND_ENUM}: an enum with 32-bit values; {@code signed} is the kind_flag. */
  record Enum(String name, int size, boolean signed, List<EnumValue> values) implements BtfType {
    public Enum {
      name = orEmpty(name);
      values = List.copyOf(values);
    }

    @Override
    public int kind() {
      return KIND_ENUM;
    }
  }

  /** {@code BTF_KIND_ENUM64}: an enum with 64-bit values; {@code signed} is the kind_flag. */
  record Enum64(String name, int size, boolean signed, List<EnumValue> values) implements BtfType {
    public Enum64 {
      name = orEmpty(name);
      values = List.copyOf(values);
    }

    @Override
    public int kind() {
      return KIND_ENUM64;
    }
  }

  /**
   * {@code BTF_KIND_FWD}: a forward-declared struct or union ({@code isUnion} is the kind_flag).
   */
  record Fwd(String name, boolean isUnion) implements BtfType {
    public Fwd {
      name = orEmpty(name);
    }

    @Override
    public int kind() {
      return KIND_FWD;
    }
  }

  /** {@code BTF_KIND_TYPEDEF}. */
  record Typedef(String name, int type) implements BtfType {
    public Typedef {
      name = orEmpty(name);
    }

    @Override
    public int kind() {
      return KIND_TYPEDEF;
    }
  }

  /** {@code BTF_KIND_VOLATILE}. */
  record Volatile(int type) implements BtfType {
    @Override
    public String name() {
      return "";
    }

    @Override
    public int kind() {
      return KIND_VOLATILE;
    }
  }

  /** {@code BTF_KIND_CONST}. */
  record Const(int type) implements BtfType {
    @Override
    public String name() {
      return "";
    }

    @Override
    public int kind() {
      return KIND_CONST;
    }
  }

  /** {@code BTF_KIND_RESTRICT}. */
  record Restrict(int type) implements BtfType {
    @Override
    public String name() {
      return "";
    }

    @Override
    public int kind() {
      return KIND_RESTRICT;
    }
  }

  /**
   * {@code BTF_KIND_FUNC}: a function (a BPF program or subprogram) whose signature is the {@link
   * FuncProto} {@code protoType}. The linkage is stored in the vlen field.
   */
  record Func(String name, int protoType, int linkage) implements BtfType {
    public static final int STATIC = 0;
    public static final int GLOBAL = 1;
    public static final int EXTERN = 2;

    public Func {
      name = orEmpty(name);
    }

    @Override
    public int kind() {
      return KIND_FUNC;
    }
  }

  /**
   * A function parameter ({@code struct btf_param}). A last parameter with empty name and type 0
   * marks a variadic function.
   */
  record Param(String name, int type) {
    public Param {
      name = orEmpty(name);
    }
  }

  /** {@code BTF_KIND_FUNC_PROTO}: a function signature; {@code returnType} 0 is void. */
  record FuncProto(int returnType, List<Param> params) implements BtfType {
    public FuncProto {
      params = List.copyOf(params);
    }

    @Override
    public String name() {
      return "";
    }

    @Override
    public int kind() {
      return KIND_FUNC_PROTO;
    }
  }

  /** {@code BTF_KIND_VAR}: a global variable, listed in a {@link Datasec}. */
  record Var(String name, int type, int linkage) implements BtfType {
    public static final int STATIC = 0;
    public static final int GLOBAL_ALLOCATED = 1;
    public static final int GLOBAL_EXTERN = 2;

    public Var {
      name = orEmpty(name);
    }

    @Override
    public int kind() {
      return KIND_VAR;
    }
  }

  /**
   * A variable's place in its section ({@code struct btf_var_secinfo}).
   *
   * @param type the {@link Var} (or {@link Func} for extern functions) id
   * @param offset the byte offset in the section
   * @param size the byte size
   */
  record VarSecinfo(int type, int offset, int size) {}

  /**
   * {@code BTF_KIND_DATASEC}: an ELF data section ({@code .data}, {@code .bss}, {@code .maps}, ...)
   * and the variables it holds.
   */
  record Datasec(String name, int size, List<VarSecinfo> vars) implements BtfType {
    public Datasec {
      name = orEmpty(name);
      vars = List.copyOf(vars);
    }

    @Override
    public int kind() {
      return KIND_DATASEC;
    }
  }

  /** {@code BTF_KIND_FLOAT}: a floating-point type of {@code size} bytes. */
  record Float(String name, int size) implements BtfType {
    public Float {
      name = orEmpty(name);
    }

    @Override
    public int kind() {
      return KIND_FLOAT;
    }
  }

  /**
   * {@code BTF_KIND_DECL_TAG}: an annotation ({@code __attribute__((btf_decl_tag(name)))}) on a
   * declaration.
   *
   * @param componentIndex -1 for the declaration {@code type} itself, else the index of the member
   *     or parameter it tags
   */
  record DeclTag(String name, int type, int componentIndex) implements BtfType {
    public DeclTag {
      name = orEmpty(name);
    }

    @Override
    public int kind() {
      return KIND_DECL_TAG;
    }
  }

  /** {@code BTF_KIND_TYPE_TAG}: an annotation ({@code btf_type_tag}) on a pointee type. */
  record TypeTag(String name, int type) implements BtfType {
    public TypeTag {
      name = orEmpty(name);
    }

    @Override
    public int kind() {
      return KIND_TYPE_TAG;
    }
  }
}
