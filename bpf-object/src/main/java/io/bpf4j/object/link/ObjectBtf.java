package io.bpf4j.object.link;

import io.bpf4j.object.ObjectFormatException;
import io.bpf4j.object.btf.Btf;
import io.bpf4j.object.btf.BtfExt;
import io.bpf4j.object.btf.BtfExtReader;
import io.bpf4j.object.btf.BtfReader;
import io.bpf4j.object.btf.ParsedBtf;
import io.bpf4j.object.elf.Elf;
import io.bpf4j.object.elf.Section;
import java.util.HashMap;
import java.util.Map;

/**
 * An object's {@code .BTF} and {@code .BTF.ext}, as read before libbpf's fix-ups ({@link
 * BtfFixup}).
 *
 * @param btf the types, or null when the object has no {@code .BTF}
 * @param ext the func_info and line_info, or null when there is no {@code .BTF.ext} (or no BTF)
 */
record ObjectBtf(Btf btf, BtfExt ext) {

  static ObjectBtf read(ObjectSections sections) {
    Section btfSection = sections.btf;
    if (btfSection == null) {
      return new ObjectBtf(null, null);
    }
    if (btfSection.type() != Elf.SHT_PROGBITS) {
      throw new ObjectFormatException(".BTF section has type " + btfSection.type());
    }
    ParsedBtf parsed = BtfReader.read(btfSection.data());
    Section extSection = sections.btfExt;
    if (extSection == null || extSection.type() != Elf.SHT_PROGBITS) {
      return new ObjectBtf(parsed.btf(), null);
    }
    byte[] bytes = extSection.data();
    // Line info names the same file, and often the same line, record after record: decode each
    // string once (an object is read again on every load).
    Map<Integer, String> decoded = new HashMap<>();
    BtfExt ext =
        BtfExtReader.read(bytes, offset -> decoded.computeIfAbsent(offset, parsed::stringAt));
    return new ObjectBtf(parsed.btf(), ext);
  }
}
