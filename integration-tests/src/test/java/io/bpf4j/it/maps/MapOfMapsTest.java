package io.bpf4j.it.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.it.Json;
import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.it.PinDir;
import io.bpf4j.it.Tools;
import io.bpf4j.it.corpus.ClangFixtures;
import io.bpf4j.it.corpus.Corpus;
import io.bpf4j.object.elf.ElfFile;
import io.bpf4j.object.elf.ElfReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * corpus/MapOfMaps.java with stock tools: {@code bpftool prog loadall} (libbpf creates each outer
 * map from the {@code <outer>.inner} template its BTF describes, and the verifier accepts the
 * program), {@code bpftool map update ... value pinned} puts inner maps in, and {@code bpftool prog
 * run} counts frames into them exactly as the program's clang twin ({@code c/map_in_map.c}) does.
 * {@code llvm-objdump-19} reads the object.
 */
class MapOfMapsTest {
  private static final String PROGRAM = "countPacket";
  private static final int KEY = 7;

  @TempDir Path tmp;

  /** One object under test: its file and the names of its program and maps. */
  private record Subject(Path object, String program, String arrayOfMaps, String hashOfMaps) {}

  private static Subject ours() {
    return new Subject(Corpus.compile("MapOfMaps"), PROGRAM, "byFirstByte", "seen");
  }

  private static Subject clangTwin() {
    return new Subject(
        ClangFixtures.object("c", "map_in_map", "bpf_defs.h", "map-in-map"),
        "count_packet",
        "outer_array",
        "outer_hash");
  }

  @Test
  void libbpfCreatesTheOuterMapsFromTheirInnerTemplates() {
    try (PinDir pins = PinDir.create()) {
      loadAll(ours(), pins);
      String array = bpftool("map", "show", "pinned", pins.resolve("maps/byFirstByte")).stdout();
      assertMatches(array, "\\d+: array_of_maps\\s+name byFirstByte\\s");
      assertMatches(array, "\\skey 4B\\s+value 4B\\s+max_entries 8\\s");
      String hash = bpftool("map", "show", "pinned", pins.resolve("maps/seen")).stdout();
      assertMatches(hash, "\\d+: hash_of_maps\\s+name seen\\s");
      assertMatches(hash, "\\skey 4B\\s+value 4B\\s+max_entries 16\\s");
    }
  }

  @Test
  void countsIntoTheInnerMapsLikeTheClangTwin() {
    List<Long> ours = run(ours());
    List<Long> clang = run(clangTwin());
    // 3 frames counted in the inner array; slot 0 of the inner hash set to 1, slot 1 deleted; a
    // frame whose byte has no inner map passes untouched.
    assertEquals(List.of(2L, 3L, 1L, -1L, 2L), ours);
    assertEquals(clang, ours);
  }

  @Test
  void objdumpReadsTheObjectAndOurListingIsNearClangs() {
    Path object = ours().object();
    Tools.Result dump =
        Tools.run(KernelAssumptions.requireTool("llvm-objdump-19"), "-d", "-r", object)
            .assertSuccess();
    String out = dump.stdout();
    assertTrue(out.contains("Disassembly of section xdp:"), out);
    assertMatches(out, "R_BPF_64_64\\s+byFirstByte$");
    assertMatches(out, "R_BPF_64_64\\s+seen$");
    for (String call : new String[] {"call 0x1", "call 0x2", "call 0x3"}) {
      assertMatches(out, "\\t" + Pattern.quote(call) + "$");
    }
    int ourSlots = slots(object);
    int clangSlots = slots(clangTwin().object());
    System.out.println(
        "[bpf4j-it] MapOfMaps countPacket: bpf4j "
            + ourSlots
            + " slots, clang-19 -O2 twin "
            + clangSlots
            + " slots");
    // Measured: 49 vs 45 (two more copies of the key to the stack, a copy of the inner map, and
    // a separate exit for the missing inner map). A regression beyond that fails here.
    assertTrue(ourSlots <= clangSlots + 4, ourSlots + " slots vs clang's " + clangSlots);
  }

  /**
   * Loads {@code s}, puts an inner array and an inner hash (its slot 1 pre-set) at key {@link
   * #KEY}, runs the program on 3 frames starting with that byte and 1 with another, and returns:
   * the program's return value, the inner array's slot 0, the inner hash's slot 0 and slot 1 (-1
   * when absent), and the return value for the frame without inner maps.
   */
  private List<Long> run(Subject s) {
    try (PinDir pins = PinDir.create()) {
      loadAll(s, pins);
      Path array = pins.resolve("inner_array");
      Path hash = pins.resolve("inner_hash");
      bpftool(
          "map",
          "create",
          array,
          "type",
          "array",
          "key",
          4,
          "value",
          8,
          "entries",
          4,
          "name",
          "inner_array");
      bpftool(
          "map",
          "create",
          hash,
          "type",
          "hash",
          "key",
          4,
          "value",
          8,
          "entries",
          64,
          "name",
          "inner_hash",
          "flags",
          1);
      bpftool("map", "update", "pinned", hash, "key", 1, 0, 0, 0, "value", 5, 0, 0, 0, 0, 0, 0, 0);
      bpftool(
          "map",
          "update",
          "pinned",
          pins.resolve("maps/" + s.arrayOfMaps()),
          "key",
          KEY,
          0,
          0,
          0,
          "value",
          "pinned",
          array);
      bpftool(
          "map",
          "update",
          "pinned",
          pins.resolve("maps/" + s.hashOfMaps()),
          "key",
          KEY,
          0,
          0,
          0,
          "value",
          "pinned",
          hash);
      Path prog = pins.resolve(s.program());
      String result =
          bpftool("prog", "run", "pinned", prog, "data_in", frame(KEY), "repeat", 3).stdout();
      String other = bpftool("prog", "run", "pinned", prog, "data_in", frame(KEY + 1)).stdout();
      List<Long> out = new ArrayList<>();
      out.add(returnValue(result));
      out.add(lookup(array, 0));
      out.add(lookup(hash, 0));
      out.add(lookup(hash, 1));
      out.add(returnValue(other));
      return out;
    }
  }

  private static void loadAll(Subject s, PinDir pins) {
    bpftool("prog", "loadall", s.object(), pins.path(), "pinmaps", pins.resolve("maps"));
  }

  /** The 8-byte value at {@code key} of {@code map} (created without BTF: hex bytes), or -1. */
  private static long lookup(Path map, int key) {
    Tools.Result r =
        Tools.run(
            KernelAssumptions.requireTool("bpftool"),
            "-j",
            "map",
            "lookup",
            "pinned",
            map,
            "key",
            key,
            0,
            0,
            0);
    if (r.exitCode() != 0) {
      // bpftool -j answers a missing key with "null" and exit code 254.
      assertEquals("null", r.stdout().trim(), r.describe());
      return -1;
    }
    List<?> bytes = (List<?>) ((Map<?, ?>) Json.parse(r.stdout())).get("value");
    long v = 0;
    for (int i = bytes.size() - 1; i >= 0; i--) {
      v = (v << 8) | Long.decode((String) bytes.get(i));
    }
    return v;
  }

  private static long returnValue(String runOutput) {
    var m = Pattern.compile("Return value: (\\d+)").matcher(runOutput);
    assertTrue(m.find(), runOutput);
    return Long.parseLong(m.group(1));
  }

  /** A 64-byte frame whose first byte is {@code first}. */
  private Path frame(int first) {
    byte[] frame = new byte[64];
    frame[0] = (byte) first;
    frame[12] = 0x08;
    Path file = tmp.resolve("frame-" + first + ".bin");
    try {
      Files.write(file, frame);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** Instruction slots of the object's xdp section. */
  private static int slots(Path object) {
    try {
      ElfFile elf = ElfReader.read(Files.readAllBytes(object));
      return (int) (elf.section("xdp").orElseThrow().size() / 8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Tools.Result bpftool(Object... args) {
    List<Object> command = new ArrayList<>();
    command.add(KernelAssumptions.requireTool("bpftool"));
    command.addAll(List.of(args));
    return Tools.run(command.toArray()).assertSuccess();
  }

  private static void assertMatches(String text, String regex) {
    assertTrue(
        Pattern.compile(regex, Pattern.MULTILINE).matcher(text).find(),
        "expected /" + regex + "/ in:\n" + text);
  }
}
