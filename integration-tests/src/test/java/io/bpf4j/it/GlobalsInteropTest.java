package io.bpf4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.it.corpus.Corpus;
import io.bpf4j.object.DataVariable;
import io.bpf4j.object.LinkedObject;
import io.bpf4j.object.MapSpec;
import io.bpf4j.object.ObjectReader;
import io.bpf4j.object.elf.ElfFile;
import io.bpf4j.object.elf.ElfReader;
import io.bpf4j.object.elf.Relocation;
import io.bpf4j.object.elf.Symbol;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bpf4j's global variables against clang's: corpus/Globals.java and its C twin (test-programs'
 * c/globals.c) give the same internal maps (flags, variables, offsets, initial data) and the same
 * relocations (R_BPF_64_64 against each variable's global symbol); bpftool loads ours and shows the
 * .rodata values by name.
 */
class GlobalsInteropTest {
  @TempDir Path tmp;

  @Test
  void bpftoolLoadsOurGlobalsAndShowsRodataByName() throws IOException {
    Path object = tmp.resolve("Globals.bpf.o");
    Files.copy(Corpus.compile("Globals"), object);
    try (PinDir pins = PinDir.create()) {
      BpftoolLoadTest.loadAll(object, pins);
      for (String map : List.of("Globals_bss", "Globals_data", "Globals_rodata")) {
        assertTrue(Files.exists(pins.resolve("maps/" + map)), "no pinned " + map + " in " + pins);
      }
      Tools.Result dump =
          BpftoolLoadTest.bpftool(
                  "-j", "map", "dump", "pinned", pins.resolve("maps/Globals_rodata"))
              .assertSuccess();
      Map<?, ?> formatted =
          (Map<?, ?>) ((Map<?, ?>) ((List<?>) Json.parse(dump.stdout())).get(0)).get("formatted");
      List<?> vars = (List<?>) ((Map<?, ?>) formatted.get("value")).get(".rodata");
      assertTrue(vars.contains(Map.of("multiplier", 3L)), dump.describe());
      assertTrue(vars.contains(Map.of("verbose", false)), dump.describe());
    }
  }

  @Test
  void internalMapsAndVariablesMatchClangs() throws IOException {
    byte[] ours = Files.readAllBytes(Corpus.compile("Globals"));
    byte[] clang = Files.readAllBytes(compileC());
    LinkedObject o = ObjectReader.read(ours, "globals");
    LinkedObject c = ObjectReader.read(clang, "globals");
    for (String section : List.of(".data", ".rodata", ".bss")) {
      MapSpec om = o.map("globals" + section).orElseThrow();
      MapSpec cm = c.map("globals" + section).orElseThrow();
      assertEquals(cm.flags(), om.flags(), section + " flags");
      assertEquals(cm.type(), om.type(), section + " type");
      assertEquals(globals(cm), globals(om), section + " global variables");
      if (!section.equals(".rodata")) {
        // Same declaration order and C alignment: same offsets, same bytes.
        assertEquals(cm.valueSize(), om.valueSize(), section + " size");
        assertEquals(
            cm.variables().stream().map(DataVariable::offset).toList(),
            om.variables().stream().map(DataVariable::offset).toList(),
            section + " offsets");
        assertEquals(
            java.util.Arrays.toString(cm.initialData()),
            java.util.Arrays.toString(om.initialData()),
            section + " initial data");
      }
    }
    assertEquals(relocatedVariables(clang), relocatedVariables(ours), "relocation targets");
  }

  /** The global variables of an internal map as name:size. */
  private static Set<String> globals(MapSpec m) {
    Set<String> out = new TreeSet<>();
    for (DataVariable v : m.variables()) {
      if (v.global()) {
        out.add(v.name() + ":" + v.size());
      }
    }
    return out;
  }

  /** The global object symbols the code's R_BPF_64_64 relocations name. */
  private static Set<String> relocatedVariables(byte[] object) {
    ElfFile elf = ElfReader.read(object);
    Set<String> out = new TreeSet<>();
    int socket = elf.section("socket").orElseThrow().index();
    for (Relocation r : elf.relocationsFor(socket)) {
      Symbol s = elf.symbol(r.symbolIndex());
      if (s.type() == io.bpf4j.object.elf.Elf.STT_OBJECT
          && s.bind() == io.bpf4j.object.elf.Elf.STB_GLOBAL) {
        assertEquals(io.bpf4j.object.elf.Elf.R_BPF_64_64, r.type(), s.name());
        out.add(s.name());
      }
    }
    return out;
  }

  private Path compileC() {
    Path clang = KernelAssumptions.requireTool("clang-19");
    Path dir = tmp.resolve("c");
    Path source = copyResource("c/globals.c", dir);
    copyResource("c/bpf_defs.h", dir);
    Path object = tmp.resolve("globals.o");
    Tools.run(clang, "-O2", "-g", "-target", "bpf", "-mcpu=v4", "-c", source, "-o", object)
        .assertSuccess();
    return object;
  }

  private static Path copyResource(String name, Path dir) {
    Path file = dir.resolve(Path.of(name).getFileName().toString());
    try (InputStream in = GlobalsInteropTest.class.getClassLoader().getResourceAsStream(name)) {
      assertTrue(in != null, "test resource " + name + " is missing");
      Files.createDirectories(dir);
      Files.write(file, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }
}
