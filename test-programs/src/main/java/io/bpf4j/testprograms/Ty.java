package io.bpf4j.testprograms;

/** The primitive types of generated code, with Java's promotion and conversion rules. */
public enum Ty {
  BOOLEAN("boolean", 1),
  BYTE("byte", 8),
  SHORT("short", 16),
  CHAR("char", 16),
  INT("int", 32),
  LONG("long", 64);

  /** The Java keyword. */
  public final String java;

  /** The width in bits (1 for boolean). */
  public final int bits;

  Ty(String java, int bits) {
    this.java = java;
    this.bits = bits;
  }

  public boolean isNumeric() {
    return this != BOOLEAN;
  }

  /** Unary numeric promotion: what {@code -x}, {@code ~x} and {@code x << n} have. */
  public Ty promoted() {
    return this == LONG ? LONG : INT;
  }

  /** Binary numeric promotion. */
  public static Ty promote(Ty a, Ty b) {
    return a == LONG || b == LONG ? LONG : INT;
  }

  /**
   * Whether a value of this type may be assigned to (or passed as) {@code to} without a cast: the
   * identity or a widening primitive conversion (JLS 5.1.2).
   */
  public boolean widensTo(Ty to) {
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
  public long wrap(long v) {
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
  public String arrayOf() {
    return java + "[]";
  }
}
