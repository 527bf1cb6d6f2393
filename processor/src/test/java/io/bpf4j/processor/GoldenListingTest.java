package io.bpf4j.processor;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.bpf4j.object.elf.Elf;
import io.bpf4j.object.elf.ElfFile;
import io.bpf4j.object.elf.ElfReader;
import io.bpf4j.object.elf.Section;
import io.bpf4j.object.elf.Symbol;
import io.bpf4j.object.insn.Disassembler;
import io.bpf4j.object.insn.Relocation;
import io.bpf4j.object.insn.SymbolRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compiles the examples and small programs under {@code src/test/resources/programs} and compares
 * the disassembly of every code section with {@code src/test/resources/golden/<name>.txt}.
 *
 * <p>After an intended change of the generated code, regenerate the golden files with {@code ./mvnw
 * -o -pl processor -am test -Dtest=GoldenListingTest -Dbpf4j.bless=true} and review their diff;
 * never edit them by hand.
 */
class GoldenListingTest {
  static final Path GOLDEN = TestCompiler.MODULE_DIR.resolve("src/test/resources/golden");
  static final Path PROGRAMS = TestCompiler.MODULE_DIR.resolve("src/test/resources/programs");
  static final boolean BLESS = Boolean.getBoolean("bpf4j.bless");

  static Stream<Arguments> programs() {
    return Stream.of(
        Arguments.of(
            "BandwidthMonitor",
            TestCompiler.EXAMPLES.resolve("bandwidth/BandwidthMonitor.java"),
            "io.bpf4j.examples.bandwidth.BandwidthMonitor",
            List.of()),
        Arguments.of(
            "TailcallProgram",
            TestCompiler.EXAMPLES.resolve("bandwidth/TailcallProgram.java"),
            "io.bpf4j.examples.bandwidth.TailcallProgram",
            List.of()),
        own("IfElse"),
        own("Conditional"),
        own("ConstantLoop"),
        own("Arithmetic"),
        own("Casts"),
        own("Calls"),
        own("Switch"),
        own("PacketLoads"),
        Arguments.of(
            "CallsNotInlined",
            PROGRAMS.resolve("golden/Calls.java"),
            "golden.Calls",
            List.of("-Abpf4j.inline=false")),
        Arguments.of(
            "PacketLoadsNotInlined",
            PROGRAMS.resolve("golden/PacketLoads.java"),
            "golden.PacketLoads",
            List.of("-Abpf4j.inline=false")));
  }

  private static Arguments own(String name) {
    return Arguments.of(
        name, PROGRAMS.resolve("golden/" + name + ".java"), "golden." + name, List.of());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("programs")
  void listingMatchesGolden(String name, Path source, String binaryName, List<String> options)
      throws IOException {
    TestCompiler.Result result = TestCompiler.compileFile(source, options);
    assertTrue(result.success(), result.toString());
    assertTrue(result.errors().isEmpty(), result.toString());
    byte[] object = result.object(binaryName);
    String actual = listing(name, object);
    System.out.println(actual.lines().findFirst().orElse(name));

    Path golden = GOLDEN.resolve(name + ".txt");
    if (BLESS) {
      Files.createDirectories(GOLDEN);
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
      return;
    }
    if (!Files.exists(golden)) {
      fail(
          "no golden file "
              + TestCompiler.MODULE_DIR.relativize(golden)
              + "; generate it with -Dbpf4j.bless=true. The listing is:\n"
              + actual);
    }
    String expected = Files.readString(golden, StandardCharsets.UTF_8);
    if (!expected.equals(actual)) {
      fail(
          "listing of "
              + name
              + " differs from "
              + TestCompiler.MODULE_DIR.relativize(golden)
              + " (rerun with -Dbpf4j.bless=true if the change is intended):\n"
              + unifiedDiff("golden/" + name + ".txt", "actual", expected, actual));
    }
  }

  /**
   * The text listing of an object: a header with the total instruction slot count, then for each
   * code section its functions and the {@code llvm-objdump -d -r}-style body.
   */
  static String listing(String name, byte[] object) {
    ElfFile elf = ElfReader.read(object);
    StringBuilder body = new StringBuilder();
    int total = 0;
    for (Section section : elf.sections()) {
      if (section.type() != Elf.SHT_PROGBITS || (section.flags() & Elf.SHF_EXECINSTR) == 0) {
        continue;
      }
      byte[] code = section.data();
      int slots = code.length / 8;
      total += slots;
      body.append("\nDisassembly of section ")
          .append(section.name())
          .append(" (")
          .append(slots)
          .append(" slots):\n");
      elf.symbols().stream()
          .filter(s -> s.sectionIndex() == section.index() && s.type() == Elf.STT_FUNC)
          .sorted(Comparator.comparingLong(Symbol::value))
          .forEach(
              s ->
                  body.append(
                      String.format(
                          "<%s>: slot %d, %d slots%n", s.name(), s.value() / 8, s.size() / 8)));
      List<Relocation> relocations = new ArrayList<>();
      for (io.bpf4j.object.elf.Relocation r : elf.relocationsFor(section.index())) {
        relocations.add(relocation(elf, r));
      }
      body.append(Disassembler.listing(section.name(), code, relocations));
    }
    return "# " + name + ": " + total + " instruction slots\n" + body;
  }

  private static Relocation relocation(ElfFile elf, io.bpf4j.object.elf.Relocation r) {
    Symbol symbol = elf.symbol(r.symbolIndex());
    String target =
        symbol.sectionIndex() > 0 && symbol.sectionIndex() < elf.sections().size()
            ? elf.sections().get(symbol.sectionIndex()).name()
            : "";
    String name =
        symbol.name().isEmpty() && symbol.type() == Elf.STT_SECTION ? target : symbol.name();
    SymbolRef.Kind kind =
        r.type() == Relocation.R_BPF_64_32
            ? SymbolRef.Kind.FUNCTION
            : target.equals(".maps") ? SymbolRef.Kind.MAP : SymbolRef.Kind.DATA;
    return new Relocation((int) r.offset(), name, kind);
  }

  /** A unified diff (3 lines of context) of two texts, line by line. */
  static String unifiedDiff(String fromName, String toName, String from, String to) {
    List<String> a = from.lines().toList();
    List<String> b = to.lines().toList();
    // Longest common subsequence table, from the ends.
    int[][] lcs = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        lcs[i][j] =
            a.get(i).equals(b.get(j))
                ? lcs[i + 1][j + 1] + 1
                : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    // The edit script: ' ', '-' or '+' with the line and its positions in a and b.
    record Edit(char op, String line, int ai, int bi) {}
    List<Edit> edits = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
        edits.add(new Edit(' ', a.get(i), i++, j++));
      } else if (j < b.size() && (i == a.size() || lcs[i][j + 1] >= lcs[i + 1][j])) {
        edits.add(new Edit('+', b.get(j), i, j++));
      } else {
        edits.add(new Edit('-', a.get(i), i++, j));
      }
    }
    StringBuilder out = new StringBuilder("--- " + fromName + "\n+++ " + toName + "\n");
    int context = 3;
    int k = 0;
    while (k < edits.size()) {
      if (edits.get(k).op() == ' ') {
        k++;
        continue;
      }
      int start = Math.max(0, k - context);
      int end = k;
      // Extend the hunk while changes are closer than twice the context.
      int lastChange = k;
      while (end < edits.size() && end - lastChange <= 2 * context) {
        if (edits.get(end).op() != ' ') {
          lastChange = end;
        }
        end++;
      }
      end = Math.min(edits.size(), lastChange + context + 1);
      List<Edit> hunk = edits.subList(start, end);
      long aCount = hunk.stream().filter(e -> e.op() != '+').count();
      long bCount = hunk.stream().filter(e -> e.op() != '-').count();
      out.append(
          String.format(
              "@@ -%d,%d +%d,%d @@%n", hunk.get(0).ai() + 1, aCount, hunk.get(0).bi() + 1, bCount));
      for (Edit e : hunk) {
        out.append(e.op()).append(e.line()).append('\n');
      }
      k = end;
    }
    return out.toString();
  }
}
