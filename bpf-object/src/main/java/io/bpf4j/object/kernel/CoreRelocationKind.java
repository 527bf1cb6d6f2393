package io.bpf4j.object.kernel;

/**
 * {@code enum bpf_core_relo_kind} (include/uapi/linux/bpf.h): what a CO-RE relocation asks of the
 * running kernel's BTF. libbpf 0.x and later understand every kind; bpf4j emits the field kinds.
 */
public final class CoreRelocationKind {
  /** The field's byte offset in its struct, as the kernel lays it out. */
  public static final int FIELD_BYTE_OFFSET = 0;

  /** The field's size in bytes. */
  public static final int FIELD_BYTE_SIZE = 1;

  /** 1 when the kernel's struct has the field, else 0. */
  public static final int FIELD_EXISTS = 2;

  /** 1 when the field is a signed integer. */
  public static final int FIELD_SIGNED = 3;

  /** A bitfield's left shift. */
  public static final int FIELD_LSHIFT_U64 = 4;

  /** A bitfield's right shift. */
  public static final int FIELD_RSHIFT_U64 = 5;

  /** The type's id in the object's own BTF. */
  public static final int TYPE_ID_LOCAL = 6;

  /** The type's id in the kernel's BTF. */
  public static final int TYPE_ID_TARGET = 7;

  /** 1 when the kernel has the type. */
  public static final int TYPE_EXISTS = 8;

  /** The type's size. */
  public static final int TYPE_SIZE = 9;

  /** 1 when the kernel's enum has the value. */
  public static final int ENUMVAL_EXISTS = 10;

  /** The enum value's integer value. */
  public static final int ENUMVAL_VALUE = 11;

  /** 1 when the kernel's type matches the local one. */
  public static final int TYPE_MATCHES = 12;

  private static final String[] NAMES = {
    "byte_off",
    "byte_sz",
    "field_exists",
    "signed",
    "lshift_u64",
    "rshift_u64",
    "local_type_id",
    "target_type_id",
    "type_exists",
    "type_size",
    "enumval_exists",
    "enumval_value",
    "type_matches"
  };

  private CoreRelocationKind() {}

  /** libbpf's short name of {@code kind} ({@code byte_off}, ...), as its debug log prints it. */
  public static String name(int kind) {
    return kind >= 0 && kind < NAMES.length ? NAMES[kind] : "unknown(" + kind + ")";
  }
}
