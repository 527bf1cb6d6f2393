package io.bpf4j.object;

import io.bpf4j.object.btf.Btf;
import io.bpf4j.object.btf.BtfExt;
import io.bpf4j.object.btf.BtfExtReader;
import io.bpf4j.object.btf.BtfReader;
import io.bpf4j.object.btf.BtfType;
import io.bpf4j.object.btf.ParsedBtf;
import io.bpf4j.object.elf.ElfFile;
import io.bpf4j.object.elf.Section;
import io.bpf4j.object.kernel.CoreRelocationKind;
import java.util.Optional;

/**
 * The CO-RE relocation records of an object as text, one per line, in the words of libbpf's debug
 * log: section, instruction slot, kind, the local type and its access string, and the field path
 * the string spells ({@code [7] struct task_struct.real_parent (0:1)}). {@code llvm-objdump} does
 * not print these records; golden listings and tests compare them through this.
 */
public final class CoreRelocationListing {
  private CoreRelocationListing() {}

  /** The records of {@code elf}'s {@code .BTF.ext}; "" when there are none. */
  public static String of(ElfFile elf) {
    Optional<Section> btfSection = elf.section(".BTF");
    Optional<Section> extSection = elf.section(".BTF.ext");
    if (btfSection.isEmpty() || extSection.isEmpty()) {
      return "";
    }
    ParsedBtf parsed = BtfReader.read(btfSection.get().data());
    BtfExt ext = BtfExtReader.read(extSection.get().data(), parsed::stringAt);
    if (ext.coreRelos().isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder("\nCO-RE relocations:\n");
    for (BtfExt.CoreRelo r : ext.coreRelos()) {
      out.append(
          String.format(
              java.util.Locale.ROOT,
              "  %s insn %d: <%s> [%d] %s (%s)%n",
              r.section(),
              r.instructionOffset(),
              CoreRelocationKind.name(r.kind()),
              r.typeId(),
              spell(parsed.btf(), r.typeId(), r.accessString()),
              r.accessString()));
    }
    return out.toString();
  }

  /**
   * The access path of {@code access} from local type {@code typeId}: {@code struct s.a.b}, with
   * {@code [i]} for array elements; the raw string when it does not fit the types.
   */
  public static String spell(Btf btf, int typeId, String access) {
    try {
      BtfType type = btf.type(typeId);
      StringBuilder text = new StringBuilder(kindWord(type)).append(type.name());
      String[] parts = access.split(":");
      int id = typeId;
      if (!parts[0].equals("0")) {
        text.append('[').append(parts[0]).append(']');
      }
      for (int i = 1; i < parts.length; i++) {
        int index = Integer.parseInt(parts[i]);
        BtfType t = btf.resolve(id);
        if (t instanceof BtfType.Struct s) {
          BtfType.Member m = s.members().get(index);
          text.append('.').append(m.name());
          id = m.type();
        } else if (t instanceof BtfType.Union u) {
          BtfType.Member m = u.members().get(index);
          text.append('.').append(m.name());
          id = m.type();
        } else if (t instanceof BtfType.Array a) {
          text.append('[').append(index).append(']');
          id = a.elementType();
        } else {
          return access;
        }
      }
      return text.toString();
    } catch (RuntimeException e) {
      return access;
    }
  }

  private static String kindWord(BtfType t) {
    return t instanceof BtfType.Struct ? "struct " : t instanceof BtfType.Union ? "union " : "";
  }
}
