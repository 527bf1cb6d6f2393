package io.bpf4j.object.btf;

import io.bpf4j.object.bytes.LeWriter;
import io.bpf4j.object.bytes.StringTableWriter;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Encodes a {@link Btf} table as the contents of a {@code .BTF} ELF section: {@code struct
 * btf_header}, the type section and the string section, little-endian.
 *
 * <p>The string section is deterministic: each distinct string once, in first-use order, type names
 * first and then {@code extraStrings} in iteration order. {@code .BTF.ext} refers to section names,
 * file names and source lines through this same string section, which is why they can be added here
 * (see {@link BtfExtWriter#strings}).
 */
public final class BtfWriter {

  /**
   * An encoded {@code .BTF} section.
   *
   * @param bytes the section contents (not copied)
   * @param stringOffsets every string of the string section and its offset
   */
  public record Encoded(byte[] bytes, Map<String, Integer> stringOffsets) {

    /**
     * The string-section offset of {@code s}.
     *
     * @throws IllegalArgumentException when {@code s} was not written
     */
    public int offsetOf(String s) {
      Integer offset = stringOffsets.get(s);
      if (offset == null) {
        throw new IllegalArgumentException("string not in the BTF string section: " + s);
      }
      return offset;
    }
  }

  private final StringTableWriter strings = new StringTableWriter("BTF string");
  private final LeWriter types = new LeWriter();

  private BtfWriter() {}

  /**
   * Encodes {@code btf} plus {@code extraStrings}.
   *
   * @throws IllegalArgumentException when a field does not fit its BTF encoding (a vlen above
   *     65535, an INT bit count above 255, a string with NUL, ...)
   */
  public static Encoded write(Btf btf, Collection<String> extraStrings) {
    BtfWriter w = new BtfWriter();
    int id = 1;
    for (BtfType t : btf.types()) {
      try {
        w.type(t);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("BTF type " + id + ": " + e.getMessage(), e);
      }
      id++;
    }
    for (String s : extraStrings) {
      w.strings.add(s);
    }
    byte[] typeBytes = w.types.toByteArray();
    byte[] stringBytes = w.strings.toByteArray();
    LeWriter out = new LeWriter();
    out.u16(BtfFormat.MAGIC);
    out.u8(BtfFormat.VERSION);
    out.u8(0); // flags
    out.u32(BtfFormat.HEADER_LENGTH);
    out.u32(0); // type_off: types directly after the header
    out.u32(typeBytes.length);
    out.u32(typeBytes.length); // str_off: strings directly after the types
    out.u32(stringBytes.length);
    out.bytes(typeBytes);
    out.bytes(stringBytes);
    return new Encoded(out.toByteArray(), w.strings.offsets());
  }

  private void type(BtfType t) {
    if (t instanceof BtfType.Int i) {
      head(i.name(), i, false, 0, i.size());
      types.u32(
          field(i.encoding(), 4, "encoding") << 24
              | field(i.bitOffset(), 8, "bit offset") << 16
              | field(i.bits(), 8, "bits"));
    } else if (t instanceof BtfType.Ptr p) {
      head("", p, false, 0, p.type());
    } else if (t instanceof BtfType.Array a) {
      head("", a, false, 0, 0);
      types.u32(a.elementType());
      types.u32(a.indexType());
      types.u32(a.count());
    } else if (t instanceof BtfType.Struct s) {
      aggregate(s, s.name(), s.size(), s.members());
    } else if (t instanceof BtfType.Union u) {
      aggregate(u, u.name(), u.size(), u.members());
    } else if (t instanceof BtfType.Enum e) {
      head(e.name(), e, e.signed(), vlen(e.values()), e.size());
      for (BtfType.EnumValue v : e.values()) {
        if (v.value() < Integer.MIN_VALUE || v.value() > 0xffffffffL) {
          throw new IllegalArgumentException("enum value does not fit 32 bits: " + v);
        }
        types.u32(strings.add(v.name()));
        types.u32((int) v.value());
      }
    } else if (t instanceof BtfType.Enum64 e) {
      head(e.name(), e, e.signed(), vlen(e.values()), e.size());
      for (BtfType.EnumValue v : e.values()) {
        types.u32(strings.add(v.name()));
        types.u32((int) v.value());
        types.u32((int) (v.value() >>> 32));
      }
    } else if (t instanceof BtfType.Fwd f) {
      head(f.name(), f, f.isUnion(), 0, 0);
    } else if (t instanceof BtfType.Typedef r) {
      head(r.name(), r, false, 0, r.type());
    } else if (t instanceof BtfType.Volatile r) {
      head("", r, false, 0, r.type());
    } else if (t instanceof BtfType.Const r) {
      head("", r, false, 0, r.type());
    } else if (t instanceof BtfType.Restrict r) {
      head("", r, false, 0, r.type());
    } else if (t instanceof BtfType.Func f) {
      // The kernel keeps a function's linkage in the vlen bits.
      head(f.name(), f, false, field(f.linkage(), 16, "linkage"), f.protoType());
    } else if (t instanceof BtfType.FuncProto p) {
      head("", p, false, vlen(p.params()), p.returnType());
      for (BtfType.Param param : p.params()) {
        types.u32(strings.add(param.name()));
        types.u32(param.type());
      }
    } else if (t instanceof BtfType.Var v) {
      head(v.name(), v, false, 0, v.type());
      types.u32(v.linkage());
    } else if (t instanceof BtfType.Datasec d) {
      head(d.name(), d, false, vlen(d.vars()), d.size());
      for (BtfType.VarSecinfo v : d.vars()) {
        types.u32(v.type());
        types.u32(v.offset());
        types.u32(v.size());
      }
    } else if (t instanceof BtfType.Float f) {
      head(f.name(), f, false, 0, f.size());
    } else if (t instanceof BtfType.DeclTag d) {
      head(d.name(), d, false, 0, d.type());
      types.u32(d.componentIndex());
    } else if (t instanceof BtfType.TypeTag r) {
      head(r.name(), r, false, 0, r.type());
    } else {
      throw new IllegalStateException("unknown BTF type " + t);
    }
  }

  private void aggregate(BtfType t, String name, int size, List<BtfType.Member> members) {
    // kind_flag switches every member's offset to bitfield_size << 24 | bit_offset; clang sets it
    // exactly when the aggregate has a bitfield, and so do we.
    boolean bitfields = members.stream().anyMatch(m -> m.bitfieldSize() != 0);
    head(name, t, bitfields, vlen(members), size);
    for (BtfType.Member m : members) {
      types.u32(strings.add(m.name()));
      types.u32(m.type());
      if (bitfields) {
        types.u32(
            field(m.bitfieldSize(), 8, "bitfield size") << 24
                | field(m.bitOffset(), 24, "bitfield member offset"));
      } else {
        types.u32(m.bitOffset());
      }
    }
  }

  private void head(String name, BtfType t, boolean kindFlag, int vlen, int sizeOrType) {
    types.u32(strings.add(name));
    types.u32((kindFlag ? 1 << 31 : 0) | t.kind() << 24 | vlen);
    types.u32(sizeOrType);
  }

  private static int vlen(List<?> items) {
    return field(items.size(), 16, "vlen");
  }

  /** Checks that an unsigned value fits a bit field of the encoding. */
  private static int field(int value, int bits, String what) {
    if (value < 0 || value >= 1 << bits) {
      throw new IllegalArgumentException(what + " does not fit " + bits + " bits: " + value);
    }
    return value;
  }
}
