package io.bpf4j.it.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.it.Tools;
import io.bpf4j.it.corpus.Corpus;
import io.bpf4j.object.btf.BtfExt;
import io.bpf4j.object.btf.BtfExtReader;
import io.bpf4j.object.btf.BtfReader;
import io.bpf4j.object.btf.ParsedBtf;
import io.bpf4j.object.elf.ElfFile;
import io.bpf4j.object.elf.ElfReader;
import io.bpf4j.object.elf.Section;
import io.bpf4j.object.kernel.CoreRelocationKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our CO-RE records against clang's: core/core_reads.c (BPF_CORE_READ, direct reads through
 * BTF-typed pointers, bpf_core_field_exists/size) and its Java twin corpus/CoreClangTwin.java give,
 * section by section, the same relocations: kind, local struct, access string, and the class of the
 * instruction that carries it (a load, or a 64-bit {@code mov} of the offset).
 */
class ClangCoreRelocationsTest {
  @TempDir Path tmp;

  @Test
  void sameRecordsAsClang() throws IOException {
    Path clang = KernelAssumptions.requireTool("clang-19");
    Path c = tmp.resolve("core_reads.c");
    try (InputStream in = getClass().getResourceAsStream("/core/core_reads.c")) {
      Files.write(c, in.readAllBytes());
    }
    Path clangObject = tmp.resolve("core_reads.o");
    Tools.run(
            clang,
            "-O2",
            "-g",
            "-target",
            "bpf",
            "-mcpu=v3",
            "-I/usr/include/x86_64-linux-gnu",
            "-c",
            c,
            "-o",
            clangObject)
        .assertSuccess();
    Map<String, List<String>> theirs = records(Files.readAllBytes(clangObject));
    Map<String, List<String>> ours = records(Files.readAllBytes(Corpus.compile("CoreClangTwin")));
    System.out.println("clang: " + theirs + "\nbpf4j: " + ours);
    assertEquals(theirs, ours);
  }

  /** Per section: "opcode-class kind struct access" of each record, in order. */
  static Map<String, List<String>> records(byte[] object) {
    ElfFile elf = ElfReader.read(object);
    ParsedBtf btf = BtfReader.read(elf.section(".BTF").orElseThrow().data());
    BtfExt ext = BtfExtReader.read(elf.section(".BTF.ext").orElseThrow().data(), btf::stringAt);
    Map<String, List<String>> out = new TreeMap<>();
    for (BtfExt.CoreRelo r : ext.coreRelos()) {
      Section code = elf.section(r.section()).orElseThrow();
      int opcode = code.data()[r.instructionOffset() * 8] & 0xff;
      String insn =
          switch (opcode & 0x07) {
            case 0x01 -> "ldx";
            case 0x07 -> "alu64";
            case 0x04 -> "alu32";
            default -> "class" + (opcode & 7);
          };
      out.computeIfAbsent(r.section(), k -> new ArrayList<>())
          .add(
              insn
                  + " "
                  + CoreRelocationKind.name(r.kind())
                  + " "
                  + btf.btf().type(r.typeId()).name()
                  + " "
                  + r.accessString());
    }
    return out;
  }
}
