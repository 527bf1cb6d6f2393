package io.bpf4j.processor.model;

/**
 * Names as the kernel takes them: every name in an object's BTF (maps, programs, functions and
 * their parameters, structs and their fields) must be a C identifier, or the kernel refuses the BTF
 * ("Invalid name"), and bpffs refuses pin names with a '.'. Java allows '$' and non-ASCII letters.
 */
public final class CNames {
  private CNames() {}

  /** Whether {@code name} is a C identifier: ASCII letters, digits and '_', not first a digit. */
  public static boolean isIdentifier(String name) {
    if (name.isEmpty() || isDigit(name.charAt(0))) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (!isIdentifierChar(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code name} with every character that is not allowed in a C identifier replaced by '_' (and
   * '_' put before a leading digit): for names the user never writes, such as subprograms.
   */
  public static String sanitize(String name) {
    StringBuilder out = new StringBuilder(name.length() + 1);
    if (name.isEmpty() || isDigit(name.charAt(0))) {
      out.append('_');
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      out.append(isIdentifierChar(c) ? c : '_');
    }
    return out.toString();
  }

  private static boolean isIdentifierChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '_';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
