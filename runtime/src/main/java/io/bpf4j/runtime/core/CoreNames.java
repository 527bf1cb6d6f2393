package io.bpf4j.runtime.core;

/** libbpf's naming rules for CO-RE candidates. */
public final class CoreNames {
  private CoreNames() {}

  /**
   * The essential name: {@code name} without its flavor suffix, the part from the last {@code ___}
   * on ({@code task_struct___v2} is {@code task_struct}); libbpf's {@code
   * bpf_core_essential_name_len}.
   */
  public static String essential(String name) {
    int n = name.length();
    for (int i = n - 5; i >= 0; i--) {
      if (name.charAt(i) != '_'
          && name.charAt(i + 1) == '_'
          && name.charAt(i + 2) == '_'
          && name.charAt(i + 3) == '_'
          && name.charAt(i + 4) != '_') {
        return name.substring(0, i + 1);
      }
    }
    return name;
  }
}
