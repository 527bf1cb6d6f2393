package io.bpf4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code llvm-objdump-19 -d -r} reads BandwidthMonitor.bpf.o and shows what the seed's C has. */
class ObjdumpTest {
  private static final String SECTION = "socket";

  @TempDir Path tmp;

  @Test
  void objdumpShowsTheSocketProgramWithItsRelocationsAtomicsAndHelperCalls() {
    String out = objdump();
    assertTrue(out.contains("Disassembly of section " + SECTION + ":"), out);
    assertTrue(find(out, "R_BPF_64_64\\s+bwMonitorMap$"), "no R_BPF_64_64 bwMonitorMap\n" + out);
    assertTrue(find(out, "R_BPF_64_64\\s+tailcallMap$"), "no R_BPF_64_64 tailcallMap\n" + out);
    int atomics = count(out, Pattern.quote("lock *(u64 *)"));
    assertTrue(atomics >= 2, "expected at least two 64-bit atomic adds, found " + atomics + out);
    for (String call : new String[] {"call 0x1", "call 0x2", "call 0x6", "call 0xc"}) {
      assertTrue(find(out, "\\t" + Pattern.quote(call) + "$"), "no `" + call + "`\n" + out);
    }
  }

  /**
   * Our {@link Disassembler#listing} of the socket section, line by line against llvm-objdump's,
   * with llvm's {@code <symbol+off>} jump annotations removed from both (llvm names them after
   * function symbols, we after the section).
   */
  @Test
  void ourListingOfTheSocketSectionEqualsLlvmObjdumps() {
    String llvm = objdump();
    List<String> theirs = normalize(sectionBody(llvm, SECTION));

    ElfFile elf = ElfReader.read(ExampleObjects.bytes(ExampleObjects.BANDWIDTH_MONITOR));
    Section section =
        elf.section(SECTION).orElseThrow(() -> new AssertionError("no section " + SECTION));
    String listing =
        Disassembler.listing(SECTION, section.data(), relocations(elf, section.index()));
    List<String> ours = normalize(List.of(listing.split("\n")));

    StringBuilder diff = new StringBuilder();
    for (int i = 0; i < Math.max(ours.size(), theirs.size()); i++) {
      String a = i < theirs.size() ? theirs.get(i) : "<missing>";
      String b = i < ours.size() ? ours.get(i) : "<missing>";
      if (!a.equals(b)) {
        diff.append("line ")
            .append(i + 1)
            .append(":\n  llvm-objdump: ")
            .append(a)
            .append("\n  bpf4j:        ")
            .append(b)
            .append('\n');
      }
    }
    if (diff.length() > 0) {
      fail(
          "listing differs from llvm-objdump-19 -d -r ("
              + theirs.size()
              + " vs "
              + ours.size()
              + " lines):\n"
              + diff
              + "--- llvm-objdump ---\n"
              + String.join("\n", theirs)
              + "\n--- bpf4j ---\n"
              + String.join("\n", ours));
    }
    assertEquals(theirs, ours);
  }

  private String objdump() {
    Path tool = KernelAssumptions.requireTool("llvm-objdump-19");
    Path object = ExampleObjects.copyTo(tmp, ExampleObjects.BANDWIDTH_MONITOR);
    Tools.Result result = Tools.run(tool, "-d", "-r", object).assertSuccess();
    assertTrue(result.stderr().isBlank(), "llvm-objdump complained\n" + result.describe());
    return result.stdout();
  }

  /**
   * The lines llvm-objdump prints for one section's contents: instructions, relocations and {@code
   * ...} runs, without the section banner, blank lines and symbol headers.
   */
  static List<String> sectionBody(String objdump, String section) {
    List<String> body = new ArrayList<>();
    boolean inside = false;
    for (String line : objdump.split("\n")) {
      if (line.startsWith("Disassembly of section ")) {
        inside = line.equals("Disassembly of section " + section + ":");
        continue;
      }
      if (!inside || line.isBlank() || line.matches("[0-9a-f]{16} <.*>:")) {
        continue;
      }
      body.add(line);
    }
    assertTrue(!body.isEmpty(), "no section " + section + " in\n" + objdump);
    return body;
  }

  /** Drops the jump annotation ({@code goto +0x5 <socketFilter+0x68>}) and trailing space. */
  private static List<String> normalize(List<String> lines) {
    List<String> result = new ArrayList<>();
    for (String line : lines) {
      String s = line.stripTrailing();
      if (s.contains("goto")) {
        s = s.replaceFirst(" <[^<>]*>$", "");
      }
      if (!s.isEmpty()) {
        result.add(s);
      }
    }
    return result;
  }

  /** The section's ELF relocations as the disassembler wants them, named as llvm-objdump does. */
  static List<Relocation> relocations(ElfFile elf, int sectionIndex) {
    List<Relocation> result = new ArrayList<>();
    for (io.bpf4j.object.elf.Relocation r : elf.relocationsFor(sectionIndex)) {
      Symbol symbol = elf.symbol(r.symbolIndex());
      String name = symbol.name();
      String definedIn = "";
      if (symbol.sectionIndex() > 0 && symbol.sectionIndex() < elf.sections().size()) {
        definedIn = elf.sections().get(symbol.sectionIndex()).name();
      }
      if (symbol.type() == Elf.STT_SECTION || name.isEmpty()) {
        name = definedIn;
      }
      SymbolRef.Kind kind;
      if (r.type() == Relocation.R_BPF_64_32) {
        kind = SymbolRef.Kind.FUNCTION;
      } else if (r.type() == Relocation.R_BPF_64_64) {
        kind = definedIn.equals(".maps") ? SymbolRef.Kind.MAP : SymbolRef.Kind.DATA;
      } else {
        throw new AssertionError("unexpected relocation type " + r.type() + " in " + r);
      }
      result.add(new Relocation(Math.toIntExact(r.offset()), name, kind));
    }
    return result;
  }

  private static boolean find(String text, String regex) {
    return Pattern.compile(regex, Pattern.MULTILINE).matcher(text).find();
  }

  private static int count(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
