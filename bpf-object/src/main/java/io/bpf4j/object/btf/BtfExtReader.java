package io.bpf4j.object.btf;

import io.bpf4j.object.ObjectFormatException;
import io.bpf4j.object.bytes.LeReader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Parses a {@code .BTF.ext} section (func_info and line_info blocks) with the checks libbpf makes:
 * a known magic and version, blocks inside the section and 4-byte aligned, record sizes no smaller
 * than the known records and multiples of 4 (larger records from newer producers are accepted and
 * their extra bytes skipped), at least one record per section entry, and instruction offsets that
 * are whole instructions. CO-RE relocation records are decoded as they are; their meaning is the
 * loader's business.
 */
public final class BtfExtReader {

  private BtfExtReader() {}

  /**
   * Parses {@code bytes}.
   *
   * @param stringAt resolves a {@code .BTF} string-section offset, e.g. {@link ParsedBtf#stringAt};
   *     it must reject bad offsets with {@link ObjectFormatException}
   * @throws ObjectFormatException for any malformed input
   */
  public static BtfExt read(byte[] bytes, IntFunction<String> stringAt) {
    LeReader header = new LeReader(bytes, 0, bytes.length, "BTF.ext header");
    int magic = header.u16();
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
    if (hdrLen < BtfFormat.EXT_HEADER_LENGTH_V1 || hdrLen > bytes.length || (hdrLen & 3) != 0) {
      throw header.error("header length " + Integer.toUnsignedString(hdrLen) + " out of range");
    }
    int funcOff = header.u32();
    int funcLen = header.u32();
    int lineOff = header.u32();
    int lineLen = header.u32();
    int dataLen = bytes.length - hdrLen;
    int coreOff = 0;
    int coreLen = 0;
    int coreEnd = 0;
    if (hdrLen >= BtfFormat.EXT_HEADER_LENGTH) {
      coreOff = header.u32();
      coreLen = header.u32();
      coreEnd = block(coreOff, coreLen, dataLen, "BTF.ext core_relo block");
    }
    int funcEnd = block(funcOff, funcLen, dataLen, "BTF.ext func_info block");
    int lineEnd = block(lineOff, lineLen, dataLen, "BTF.ext line_info block");

    List<BtfExt.FuncInfo> funcInfos = new ArrayList<>();
    if (funcLen != 0) {
      LeReader in = new LeReader(bytes, hdrLen + funcOff, hdrLen + funcEnd, "BTF.ext func_info");
      int recordSize = recordSize(in, BtfFormat.FUNC_INFO_LENGTH);
      while (in.hasMore()) {
        String section = stringAt.apply(in.u32());
        int count = count(in, recordSize);
        for (int i = 0; i < count; i++) {
          int offset = instructionOffset(in);
          int typeId = in.u32();
          in.skip(recordSize - BtfFormat.FUNC_INFO_LENGTH);
          funcInfos.add(new BtfExt.FuncInfo(section, offset, typeId));
        }
      }
    }

    List<BtfExt.LineInfo> lineInfos = new ArrayList<>();
    if (lineLen != 0) {
      LeReader in = new LeReader(bytes, hdrLen + lineOff, hdrLen + lineEnd, "BTF.ext line_info");
      int recordSize = recordSize(in, BtfFormat.LINE_INFO_LENGTH);
      while (in.hasMore()) {
        String section = stringAt.apply(in.u32());
        int count = count(in, recordSize);
        for (int i = 0; i < count; i++) {
          int offset = instructionOffset(in);
          String fileName = stringAt.apply(in.u32());
          String lineText = stringAt.apply(in.u32());
          int lineCol = in.u32();
          in.skip(recordSize - BtfFormat.LINE_INFO_LENGTH);
          lineInfos.add(
              new BtfExt.LineInfo(
                  section,
                  offset,
                  fileName,
                  lineText,
                  lineCol >>> BtfFormat.COLUMN_BITS,
                  lineCol & ((1 << BtfFormat.COLUMN_BITS) - 1)));
        }
      }
    }
    List<BtfExt.CoreRelo> coreRelos = new ArrayList<>();
    if (coreLen != 0) {
      LeReader in = new LeReader(bytes, hdrLen + coreOff, hdrLen + coreEnd, "BTF.ext core_relo");
      int recordSize = recordSize(in, BtfFormat.CORE_RELO_LENGTH);
      while (in.hasMore()) {
        String section = stringAt.apply(in.u32());
        int count = count(in, recordSize);
        for (int i = 0; i < count; i++) {
          int offset = instructionOffset(in);
          int typeId = in.u32();
          String access = stringAt.apply(in.u32());
          int kind = in.u32();
          in.skip(recordSize - BtfFormat.CORE_RELO_LENGTH);
          coreRelos.add(new BtfExt.CoreRelo(section, offset, typeId, access, kind));
        }
      }
    }
    return new BtfExt(funcInfos, lineInfos, coreRelos);
  }

  /** Bounds- and alignment-checks a block and returns its end; an empty block may be anywhere. */
  private static int block(int offset, int length, int dataLen, String what) {
    if (length == 0) {
      return 0;
    }
    if ((offset & 3) != 0) {
      throw new ObjectFormatException(what + " not 4-byte aligned");
    }
    return LeReader.checkRange(offset, length, dataLen, what);
  }

  private static int recordSize(LeReader in, int minimum) {
    int size = in.u32();
    if (size < minimum || (size & 3) != 0) {
      throw in.error("record size " + Integer.toUnsignedString(size) + " is invalid");
    }
    if (!in.hasMore()) {
      throw in.error("block has no records"); // libbpf refuses a bare record size too
    }
    return size;
  }

  /** Reads {@code num_info} and checks the records fit, before anything is allocated. */
  private static int count(LeReader in, int recordSize) {
    int count = in.u32();
    if (count == 0) {
      throw in.error("section entry without records");
    }
    in.require(Integer.toUnsignedLong(count), recordSize, "records");
    return count;
  }

  /** Clang writes byte offsets; the model counts 8-byte instruction slots. */
  private static int instructionOffset(LeReader in) {
    int bytes = in.u32();
    if ((bytes & (BtfFormat.INSTRUCTION_SIZE - 1)) != 0) {
      throw in.error(
          "instruction offset " + Integer.toUnsignedString(bytes) + " is not a whole instruction");
    }
    return bytes >>> 3;
  }
}
