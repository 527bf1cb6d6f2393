package io.bpf4j.object.btf;

import io.bpf4j.object.ObjectFormatException;
import io.bpf4j.object.bytes.LeReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the contents of a {@code .BTF} section ({@code struct btf_header}, type section, string
 * section) into a {@link Btf}. The checks follow the kernel's BTF loader where they concern layout:
 * magic, version, section bounds, known kinds, vlen counts within the bytes, reserved bits zero.
 * Type ids are not cross-checked here; {@link Btf} lookups reject bad ones later.
 *
 * <p>Whatever parses re-encodes with {@link BtfWriter}; the only difference can be a struct or
 * union whose kind_flag is set although none of its members is a bitfield, which is re-encoded
 * without the flag (the member offsets mean the same either way).
 */
public final class BtfReader {

  private final LeReader in;
  private final BtfStrings strings;

  private BtfReader(LeReader in, BtfStrings strings) {
    this.in = in;
    this.strings = strings;
  }

  /**
   * Parses a {@code .BTF} blob.
   *
   * @throws ObjectFormatException for any malformed input
   */
  public static ParsedBtf read(byte[] bytes) {
    LeReader header = new LeReader(bytes, 0, bytes.length, "BTF header");
    int magic = header.u16();
    if (magic == Integer.reverseBytes(BtfFormat.MAGIC) >>> 16) {
      throw header.error("big-endian BTF is not supported");
    }
    if (magic != BtfFormat.MAGIC) {
      throw header.error("bad magic 0x" + Integer.toHexString(magic));
    }
    int version = header.u8();
    if (version != BtfFormat.VERSION) {
      throw header.error("unsupported version " + version);
    }
    int flags = header.u8();
    if (flags != 0) {
      throw header.error("unsupported flags 0x" + Integer.toHexString(flags));
    }
    int hdrLen = header.u32();
    if (hdrLen < BtfFormat.HEADER_LENGTH || hdrLen > bytes.length) {
      throw header.error("header length " + Integer.toUnsignedString(hdrLen) + " out of range");
    }
    int typeOff = header.u32();
    int typeLen = header.u32();
    int strOff = header.u32();
    int strLen = header.u32();
    // A longer header comes from a newer producer; like the kernel, accept it only if the fields
    // we do not know are zero.
    while (header.position() < hdrLen) {
      if (header.u8() != 0) {
        throw header.error("unknown non-zero header field");
      }
    }
    int dataLen = bytes.length - hdrLen;
    int typeEnd = LeReader.checkRange(typeOff, typeLen, dataLen, "BTF type section");
    int strEnd = LeReader.checkRange(strOff, strLen, dataLen, "BTF string section");
    checkLayout(typeOff, typeEnd, strOff, strEnd, dataLen);
    if ((typeOff & 3) != 0) {
      throw header.error("type section not 4-byte aligned");
    }
    BtfStrings strings = new BtfStrings(bytes, hdrLen + strOff, hdrLen + strEnd);
    LeReader types = new LeReader(bytes, hdrLen + typeOff, hdrLen + typeEnd, "BTF type section");
    BtfReader reader = new BtfReader(types, strings);
    Btf btf = new Btf();
    while (types.hasMore()) {
      btf.add(reader.type(btf.typeCount() + 1));
    }
    return new ParsedBtf(btf, strings);
  }

  /**
   * Like the kernel: the two sections must tile the data after the header, with no gap, overlap or
   * trailing bytes, in either order.
   */
  private static void checkLayout(int typeOff, int typeEnd, int strOff, int strEnd, int dataLen) {
    boolean typesFirst = typeOff < strOff || (typeOff == strOff && typeEnd == typeOff);
    int firstOff = typesFirst ? typeOff : strOff;
    int firstEnd = typesFirst ? typeEnd : strEnd;
    int secondOff = typesFirst ? strOff : typeOff;
    int secondEnd = typesFirst ? strEnd : typeEnd;
    if (firstOff != 0 || secondOff != firstEnd || secondEnd != dataLen) {
      throw new ObjectFormatException(
          "BTF sections do not tile the data: types ["
              + typeOff
              + ", "
              + typeEnd
              + "), strings ["
              + strOff
              + ", "
              + strEnd
              + "), data length "
              + dataLen);
    }
  }

  private BtfType type(int id) {
    int start = in.position();
    int nameOff = in.u32();
    int info = in.u32();
    int sizeOrType = in.u32();
    if ((info & ~BtfFormat.INFO_MASK) != 0) {
      throw error(id, start, "reserved info bits set: 0x" + Integer.toHexString(info));
    }
    int kind = (info >>> 24) & 0x1f;
    int vlen = info & BtfFormat.MAX_VLEN;
    boolean kindFlag = info < 0;
    String name = strings.at(nameOff);
    TypeHead h = new TypeHead(id, start, kind, kindFlag, vlen, nameOff);
    switch (kind) {
      case BtfType.KIND_INT:
        {
          h.plain();
          int data = in.u32();
          if ((data & ~BtfFormat.INT_DATA_MASK) != 0) {
            throw error(id, start, "reserved INT bits set: 0x" + Integer.toHexString(data));
          }
          return new BtfType.Int(name, sizeOrType, data >>> 24, (data >>> 16) & 0xff, data & 0xff);
        }
      case BtfType.KIND_PTR:
        h.anonymous().plain();
        return new BtfType.Ptr(sizeOrType);
      case BtfType.KIND_ARRAY:
        {
          h.anonymous().plain();
          if (sizeOrType != 0) {
            throw error(id, start, "ARRAY size field must be 0");
          }
          int elementType = in.u32();
          int indexType = in.u32();
          return new BtfType.Array(elementType, indexType, in.u32());
        }
      case BtfType.KIND_STRUCT:
        return new BtfType.Struct(name, sizeOrType, members(vlen, kindFlag));
      case BtfType.KIND_UNION:
        return new BtfType.Union(name, sizeOrType, members(vlen, kindFlag));
      case BtfType.KIND_ENUM:
        return new BtfType.Enum(name, sizeOrType, kindFlag, enumValues(vlen, kindFlag, false));
      case BtfType.KIND_ENUM64:
        return new BtfType.Enum64(name, sizeOrType, kindFlag, enumValues(vlen, kindFlag, true));
      case BtfType.KIND_FWD:
        h.noVlen();
        if (sizeOrType != 0) {
          throw error(id, start, "FWD type field must be 0");
        }
        return new BtfType.Fwd(name, kindFlag);
      case BtfType.KIND_TYPEDEF:
        h.plain();
        return new BtfType.Typedef(name, sizeOrType);
      case BtfType.KIND_VOLATILE:
        h.anonymous().plain();
        return new BtfType.Volatile(sizeOrType);
      case BtfType.KIND_CONST:
        h.anonymous().plain();
        return new BtfType.Const(sizeOrType);
      case BtfType.KIND_RESTRICT:
        h.anonymous().plain();
        return new BtfType.Restrict(sizeOrType);
      case BtfType.KIND_FUNC:
        h.noFlag();
        return new BtfType.Func(name, sizeOrType, vlen);
      case BtfType.KIND_FUNC_PROTO:
        {
          h.anonymous().noFlag();
          in.require(vlen, 8, "params");
          List<BtfType.Param> params = new ArrayList<>(vlen);
          for (int i = 0; i < vlen; i++) {
            String paramName = strings.at(in.u32());
            params.add(new BtfType.Param(paramName, in.u32()));
          }
          return new BtfType.FuncProto(sizeOrType, params);
        }
      case BtfType.KIND_VAR:
        h.plain();
        return new BtfType.Var(name, sizeOrType, in.u32());
      case BtfType.KIND_DATASEC:
        {
          h.noFlag();
          in.require(vlen, 12, "variables");
          List<BtfType.VarSecinfo> vars = new ArrayList<>(vlen);
          for (int i = 0; i < vlen; i++) {
            int type = in.u32();
            int offset = in.u32();
            vars.add(new BtfType.VarSecinfo(type, offset, in.u32()));
          }
          return new BtfType.Datasec(name, sizeOrType, vars);
        }
      case BtfType.KIND_FLOAT:
        h.plain();
        return new BtfType.Float(name, sizeOrType);
      case BtfType.KIND_DECL_TAG:
        h.plain();
        return new BtfType.DeclTag(name, sizeOrType, in.u32());
      case BtfType.KIND_TYPE_TAG:
        h.plain();
        return new BtfType.TypeTag(name, sizeOrType);
      default:
        throw error(id, start, "unknown kind " + kind);
    }
  }

  private List<BtfType.Member> members(int vlen, boolean kindFlag) {
    in.require(vlen, 12, "members");
    List<BtfType.Member> members = new ArrayList<>(vlen);
    for (int i = 0; i < vlen; i++) {
      String name = strings.at(in.u32());
      int type = in.u32();
      int offset = in.u32();
      // With kind_flag the offset word packs bitfield_size << 24 | bit_offset.
      members.add(
          kindFlag
              ? new BtfType.Member(name, type, offset & 0xffffff, offset >>> 24)
              : new BtfType.Member(name, type, offset));
    }
    return members;
  }

  private List<BtfType.EnumValue> enumValues(int vlen, boolean signed, boolean wide) {
    in.require(vlen, wide ? 12 : 8, "enumerators");
    List<BtfType.EnumValue> values = new ArrayList<>(vlen);
    for (int i = 0; i < vlen; i++) {
      String name = strings.at(in.u32());
      long low = in.u32();
      long value;
      if (wide) {
        value = (long) in.u32() << 32 | (low & 0xffffffffL);
      } else {
        value = signed ? low : low & 0xffffffffL;
      }
      values.add(new BtfType.EnumValue(name, value));
    }
    return values;
  }

  private static ObjectFormatException error(int id, int position, String message) {
    return new ObjectFormatException("BTF type " + id + " at byte " + position + ": " + message);
  }

  /**
   * The common fields of one type record, for the per-kind checks that fields a kind does not use
   * are zero; rejecting them keeps every parsed blob re-encodable byte for byte.
   */
  private record TypeHead(int id, int position, int kind, boolean kindFlag, int vlen, int nameOff) {

    TypeHead anonymous() {
      if (nameOff != 0) {
        throw error(id, position, "kind " + kind + " must not have a name");
      }
      return this;
    }

    /** Neither kind_flag nor vlen. */
    void plain() {
      noFlag();
      noVlen();
    }

    void noFlag() {
      if (kindFlag) {
        throw error(id, position, "kind " + kind + " must not set kind_flag");
      }
    }

    void noVlen() {
      if (vlen != 0) {
        throw error(id, position, "kind " + kind + " must have vlen 0");
      }
    }
  }
}
