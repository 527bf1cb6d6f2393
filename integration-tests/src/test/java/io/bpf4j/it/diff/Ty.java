package io.bpf4j.it.diff;

/** The primitive types of generated code, with Java's promotion and conversion rules. */
enum Ty {
  BOOLEAN("boolean", 1),
  BYTE("byte", 8),
  SHORT("short", 16),
  CHAR("char", 16),
  INT("int", 32),
  LONG("long", 64);

  final String java;
  final int bits;

  Ty(String java, int bits) {
    this.java = java;
    this.bits = bits;
  }

  boolean isNumeric() {
    return this != BOOLEAN;
  }

  /** Unary numeric promotion: what {@code -x}, {@code ~x} and {@code x << n} have. */
  Ty promoted() {
    return this == LONG ? LONG : INT;
  }

  /** Binary numeric promotion. */
  static Ty promote(Ty a, Ty b) {
    return a == LONG || b == LONG ? LONG : INT;
  }

  /**
   * Whether a value of this type may be assigned to (or passed as) {@code to} without a cast: the
   * identity or a widening primitive conversion (JLS 5.1.2).
   */
  boolean widensTo(Ty to) {
    if (this == to) {
      return true;
    }
    return switch (this) {
      case BYTE -> to == SHORT || to == INT || to == LONG;
      case SHORT, CHAR -> to == INT || to == LONG;
      case INT -> to == LONG;
      default -> false;
    };
  }

  /** {@code v} wrapped to this type, as a Java cast would. */
  long wrap(long v) {
    return switch (this) {
      case BOOLEAN -> v & 1;
      case BYTE -> (byte) v;
      case SHORT -> (short) v;
      case CHAR -> (char) v;
      case INT -> (int) v;
      case LONG -> v;
    };
  }

  /** The {@code [] = new} element type of an array of this type. */
  String arrayOf() {
    return java + "[]";
  }
}
