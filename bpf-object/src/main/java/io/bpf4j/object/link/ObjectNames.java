package io.bpf4j.object.link;

/** libbpf's naming rules for object, map and program names. */
public final class ObjectNames {
  private ObjectNames() {}

  /** libbpf's {@code BPF_OBJ_NAME_LEN}: names are at most 15 characters plus NUL. */
  private static final int OBJ_NAME_LEN = 16;

  /**
   * The object name libbpf derives from a path: the file name up to its first dot, so {@code
   * out/bandwidth_monitor.bpf.o} is {@code bandwidth_monitor}; at most 15 characters.
   */
  public static String objectName(String pathOrName) {
    if (pathOrName == null) {
      return "";
    }
    String name = pathOrName.substring(pathOrName.lastIndexOf('/') + 1);
    int dot = name.indexOf('.');
    if (dot >= 0) {
      name = name.substring(0, dot);
    }
    return truncate(name, OBJ_NAME_LEN - 1);
  }

  /**
   * libbpf's {@code internal_map_name}: the section name keeps up to 15 characters, with at least 7
   * reserved for it; the object name fills what is left, unless the section name has a second dot
   * ({@code .rodata.str1.1}); characters the kernel refuses become {@code _}.
   */
  public static String internalMapName(String objectName, String sectionName) {
    int suffixLength = Math.min(Math.max(7, sectionName.length()), OBJ_NAME_LEN - 1);
    int prefixLength =
        sectionName.indexOf('.', 1) >= 0
            ? 0
            : Math.min(OBJ_NAME_LEN - suffixLength - 1, objectName.length());
    return sanitize(objectName.substring(0, prefixLength) + truncate(sectionName, suffixLength));
  }

  /**
   * A name as the kernel accepts it: at most 15 characters of letters, digits, {@code _}, {@code
   * .}.
   */
  public static String kernelName(String name) {
    return sanitize(truncate(name, OBJ_NAME_LEN - 1));
  }

  private static String sanitize(String name) {
    StringBuilder out = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '.';
      out.append(ok ? c : '_');
    }
    return out.toString();
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
