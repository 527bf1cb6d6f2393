package io.bpf4j.object.link;

import io.bpf4j.object.MapSpec;
import io.bpf4j.object.ObjectFormatException;
import io.bpf4j.object.elf.Elf;
import io.bpf4j.object.elf.ElfFile;
import io.bpf4j.object.elf.Section;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sections of an object by role, as libbpf's {@code bpf_object__elf_collect} sorts them: the
 * license, {@code .maps}, {@code .BTF} and {@code .BTF.ext}, the executable sections ({@code .text}
 * among them) and the data sections that become internal maps. Sections the reader does not support
 * are refused here.
 */
final class ObjectSections {
  static final String TEXT = ".text";
  static final String MAPS = ".maps";
  private static final String LICENSE = "license";

  Section license;
  Section maps;
  Section btf;
  Section btfExt;

  /** The index of {@code .text}, or -1 when there is none. */
  int textIndex = -1;

  final List<Section> executable = new ArrayList<>();

  /** The data sections that become internal maps, by section index. */
  final Map<Integer, MapSpec.Kind> data = new TreeMap<>();

  private ObjectSections() {}

  static ObjectSections of(ElfFile elf) {
    ObjectSections sections = new ObjectSections();
    for (Section s : elf.sections()) {
      if (s.index() == 0) {
        continue;
      }
      String name = s.name();
      switch (name) {
        case LICENSE -> sections.license = unique(sections.license, s);
        case "maps" ->
            throw new ObjectFormatException(
                "legacy map definitions in section 'maps' are not supported: define maps in"
                    + " '.maps' with BTF");
        case MAPS -> sections.maps = unique(sections.maps, s);
        case ".BTF" -> sections.btf = unique(sections.btf, s);
        case ".BTF.ext" -> sections.btfExt = unique(sections.btfExt, s);
        default -> sections.classify(s);
      }
    }
    return sections;
  }

  private void classify(Section s) {
    String name = s.name();
    if (s.type() == Elf.SHT_PROGBITS && s.size() > 0) {
      if ((s.flags() & Elf.SHF_EXECINSTR) != 0) {
        if (name.equals(TEXT)) {
          if (textIndex >= 0) {
            throw new ObjectFormatException("more than one .text section");
          }
          textIndex = s.index();
        } else if (name.startsWith(".struct_ops")) {
          throw new ObjectFormatException("struct_ops section '" + name + "' is not supported");
        }
        executable.add(s);
      } else if (isData(name, ".data")) {
        data.put(s.index(), MapSpec.Kind.DATA);
      } else if (isData(name, ".rodata")) {
        data.put(s.index(), MapSpec.Kind.RODATA);
      } else if (name.startsWith(".struct_ops") || name.equals(".addr_space.1")) {
        throw new ObjectFormatException("section '" + name + "' is not supported");
      }
    } else if (s.type() == Elf.SHT_NOBITS && isData(name, ".bss")) {
      data.put(s.index(), MapSpec.Kind.BSS);
    }
  }

  private static boolean isData(String name, String prefix) {
    return name.equals(prefix) || name.startsWith(prefix + ".");
  }

  private static Section unique(Section known, Section found) {
    if (known != null) {
      throw new ObjectFormatException(
          "more than one section named '"
              + found.name()
              + "': "
              + known.index()
              + " and "
              + found.index());
    }
    return found;
  }

  /** The {@code license} section's string up to its NUL, or "" without one. */
  String licenseString() {
    if (license == null || license.type() == Elf.SHT_NOBITS) {
      return "";
    }
    byte[] bytes = license.data();
    int end = 0;
    while (end < bytes.length && bytes[end] != 0) {
      end++;
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8);
  }
}
