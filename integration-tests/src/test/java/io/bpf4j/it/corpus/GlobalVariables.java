package io.bpf4j.it.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.bpf4j.it.Json;
import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.it.Tools;
import io.bpf4j.object.LinkedObject;
import io.bpf4j.object.ObjectReader;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfProgram;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.VerifierException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What the kernel tests of global variables share: a corpus object opened as libbpf would, its
 * variables set before load through {@link LinkedObject#withVariable}, and the values of an
 * internal map read back by name with {@code bpftool map dump}, from the map's BTF.
 */
final class GlobalVariables {
  private GlobalVariables() {}

  /** Corpus program {@code name}, read, changed by {@code configure}, then loaded. */
  static BpfObject load(String name, UnaryOperator<LinkedObject> configure) {
    KernelAssumptions.requireBpffs();
    byte[] elf;
    try {
      elf = Files.readAllBytes(Corpus.compile(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    LinkedObject object = configure.apply(ObjectReader.read(elf, name));
    try {
      return BpfRuntime.load(object, name);
    } catch (VerifierException e) {
      throw new AssertionError(e.summary() + "\n" + e.log(), e);
    }
  }

  /** {@code value} as {@code size} little-endian bytes. */
  static byte[] le(long value, int size) {
    byte[] out = new byte[size];
    for (int i = 0; i < size; i++) {
      out[i] = (byte) (value >>> (8 * i));
    }
    return out;
  }

  /**
   * The variables of the internal map named {@code mapName} (e.g. {@code Globals.bss}) that {@code
   * program} uses, by name, as {@code bpftool -j map dump} formats them from BTF: numbers as Long,
   * arrays as lists, structs as maps. The map is found through the program's map ids, as a map of
   * an object closed just before may still exist under the same name.
   */
  static Map<String, Object> dump(BpfProgram program, String mapName) {
    Tools.Result show = bpftool("-j", "prog", "show", "id", program.info().id());
    for (Object id : (List<?>) ((Map<?, ?>) Json.parse(show.stdout())).get("map_ids")) {
      Map<?, ?> map = (Map<?, ?>) Json.parse(bpftool("-j", "map", "show", "id", id).stdout());
      if (mapName.equals(map.get("name"))) {
        return variables(bpftool("-j", "map", "dump", "id", id));
      }
    }
    throw new AssertionError("program " + program.name() + " uses no map " + mapName);
  }

  /** {@code bpftool -j map show} of the map named {@code mapName} that {@code program} uses. */
  static Map<?, ?> mapShow(BpfProgram program, String mapName) {
    Tools.Result show = bpftool("-j", "prog", "show", "id", program.info().id());
    for (Object id : (List<?>) ((Map<?, ?>) Json.parse(show.stdout())).get("map_ids")) {
      Map<?, ?> map = (Map<?, ?>) Json.parse(bpftool("-j", "map", "show", "id", id).stdout());
      if (mapName.equals(map.get("name"))) {
        return map;
      }
    }
    throw new AssertionError("program " + program.name() + " uses no map " + mapName);
  }

  private static Tools.Result bpftool(Object... args) {
    Object[] command = new Object[args.length + 1];
    command[0] = KernelAssumptions.requireTool("bpftool");
    System.arraycopy(args, 0, command, 1, args.length);
    return Tools.run(command).assertSuccess();
  }

  private static Map<String, Object> variables(Tools.Result r) {
    List<?> entries = (List<?>) Json.parse(r.stdout());
    assertEquals(1, entries.size(), "one value in an internal map\n" + r.describe());
    Map<?, ?> formatted = (Map<?, ?>) ((Map<?, ?>) entries.get(0)).get("formatted");
    assertNotNull(formatted, "no BTF-formatted value\n" + r.describe());
    Map<?, ?> value = (Map<?, ?>) formatted.get("value");
    Map<String, Object> vars = new LinkedHashMap<>();
    for (Object section : value.values()) {
      for (Object var : (List<?>) section) {
        ((Map<?, ?>) var).forEach((k, v) -> vars.put((String) k, v));
      }
    }
    return vars;
  }
}
