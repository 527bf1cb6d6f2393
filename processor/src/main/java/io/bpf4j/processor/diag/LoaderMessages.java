package io.bpf4j.processor.diag;

/**
 * Messages of the rules that loaders (the kernel, libbpf and bpftool, the bpf4j runtime) enforce on
 * the names and sizes in an object: broken at javac time, they would otherwise be refused at load
 * time, far from the line that caused them. Kept apart from {@link Messages} only to ease merging;
 * the same conventions apply (what is wrong, and what to write instead).
 */
public final class LoaderMessages {
  private LoaderMessages() {}

  private static final String IDENTIFIER =
      " is not a C identifier (ASCII letters, digits and '_', not starting with a digit), and the"
          + " kernel refuses other names in an object's BTF";

  public static String mapNameNotIdentifier(String name, boolean explicit) {
    return "map name \""
        + name
        + "\""
        + IDENTIFIER
        + (explicit
            ? "; choose another @Map(name = ...)"
            : "; give the map a name with @Map(name = \"...\")");
  }

  public static String duplicateMapName(String name, String otherField) {
    return "map name \""
        + name
        + "\" is already the name of map field "
        + otherField
        + ": an object's maps need distinct names (libbpf and bpftool find and pin maps by name,"
        + " the bpf4j runtime refuses the object); rename one with @Map(name = \"...\")";
  }

  public static String mapNamedLikeProgram(String name) {
    return "map name \""
        + name
        + "\" is also the name of program "
        + name
        + "(): BpfObject.pin pins maps and programs in one directory by name, and the skeleton"
        + " has one accessor per name; rename the map with @Map(name = \"...\")";
  }

  public static String programNameNotIdentifier(String name) {
    return "program name " + name + IDENTIFIER + "; rename the method";
  }

  public static String duplicateProgramName(String name) {
    return "a second @Section method named "
        + name
        + ": a program's name is its method's name, and two programs of one object cannot share"
        + " it (loaders find and pin programs by name); rename one of them";
  }

  public static String structNameNotIdentifier(String what, String name) {
    return what + " name " + name + IDENTIFIER + "; rename it";
  }

  public static String keySize(String map, String type, int actual, String rule) {
    return "map "
        + map
        + ": the kernel wants "
        + rule
        + " for a "
        + type
        + " map, but its key is "
        + actual
        + " bytes";
  }

  public static String valueSize(String map, String type, int actual, String rule) {
    return "map "
        + map
        + ": the kernel wants "
        + rule
        + " for a "
        + type
        + " map, but its value is "
        + actual
        + " bytes";
  }

  public static String ringBufferSize(String map, int maxEntries) {
    return "map "
        + map
        + ": a ring buffer's maxEntries is its size in bytes, which the kernel wants a power of"
        + " two and a multiple of the page size (4096 bytes or more), got "
        + maxEntries;
  }

  public static String flagRequired(String map, String type, String flag) {
    return "map " + map + ": the kernel creates " + type + " maps only with " + flag + " in flags";
  }

  public static String flagRefused(String map, String type, String flag) {
    return "map " + map + ": the kernel refuses " + flag + " in the flags of a " + type + " map";
  }

  private static final String FRAME_ADVICE =
      "; make a frame smaller (move large objects and arrays into a PERCPU_ARRAY map used as"
          + " scratch space), let a small callee be inlined (it then shares its caller's frame),"
          + " or split the work with tail calls (each program gets its own 512 bytes)";

  public static String combinedStack(int total, int limit, String chain) {
    return "combined stack "
        + total
        + " B > "
        + limit
        + " B: "
        + chain
        + "; the verifier adds up the frames of a chain of BPF-to-BPF calls, each rounded up to"
        + " 16 bytes (32 without JIT or before Linux 6.7)"
        + FRAME_ADVICE;
  }

  public static String stackBeforeTailCall(String function, int callers, int limit, String chain) {
    return function
        + " makes a tail call with "
        + callers
        + " B of its callers' frames on the stack, and the kernel allows less than "
        + limit
        + " B there (the callers' frames stay across the tail call): "
        + chain
        + FRAME_ADVICE;
  }
}
