package io.bpf4j.object.btf;

import io.bpf4j.object.bytes.LeWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Encodes {@link BtfExt} as a {@code .BTF.ext} section in the layout clang emits and libbpf reads:
 * {@code struct btf_ext_header} (32 bytes), then the func_info, line_info and CO-RE relocation
 * blocks. Each block is a record size followed by one {@code btf_ext_info_sec} per ELF section
 * (section name offset, record count, records), sections in first-appearance order and records in
 * the given order. Instruction offsets are written in bytes.
 */
public final class BtfExtWriter {

  private BtfExtWriter() {}

  /**
   * Every string the encoding refers to (section names, file names, line texts) in first-use order,
   * to be passed as {@code extraStrings} to {@link BtfWriter#write}.
   */
  public static List<String> strings(BtfExt ext) {
    Set<String> strings = new LinkedHashSet<>();
    for (BtfExt.FuncInfo f : ext.funcInfos()) {
      strings.add(f.section());
    }
    for (BtfExt.LineInfo l : ext.lineInfos()) {
      strings.add(l.section());
      strings.add(l.fileName());
      strings.add(l.lineText());
    }
    for (BtfExt.CoreRelo r : ext.coreRelos()) {
      strings.add(r.section());
      strings.add(r.accessString());
    }
    strings.remove(""); // offset 0 of every string section
    return new ArrayList<>(strings);
  }

  /**
   * Encodes {@code ext}.
   *
   * @param stringOffset the {@code .BTF} string-section offset of a string, e.g. {@code
   *     encoded::offsetOf} of {@link BtfWriter.Encoded}
   * @throws IllegalArgumentException when an offset, line or column does not fit its field
   */
  public static byte[] write(BtfExt ext, ToIntFunction<String> stringOffset) {
    LeWriter body = new LeWriter();
    int funcOff = body.size();
    if (!ext.funcInfos().isEmpty()) {
      block(
          body,
          BtfFormat.FUNC_INFO_LENGTH,
          ext.funcInfos(),
          BtfExt.FuncInfo::section,
          (out, f) -> {
            out.u32(byteOffset(f.instructionOffset()));
            out.u32(f.typeId());
          },
          stringOffset);
    }
    int funcLen = body.size() - funcOff;
    int lineOff = body.size();
    if (!ext.lineInfos().isEmpty()) {
      block(
          body,
          BtfFormat.LINE_INFO_LENGTH,
          ext.lineInfos(),
          BtfExt.LineInfo::section,
          (out, l) -> {
            out.u32(byteOffset(l.instructionOffset()));
            out.u32(stringOffset.applyAsInt(l.fileName()));
            out.u32(stringOffset.applyAsInt(l.lineText()));
            out.u32(lineCol(l.line(), l.column()));
          },
          stringOffset);
    }
    int lineLen = body.size() - lineOff;
    int coreOff = body.size();
    if (!ext.coreRelos().isEmpty()) {
      block(
          body,
          BtfFormat.CORE_RELO_LENGTH,
          ext.coreRelos(),
          BtfExt.CoreRelo::section,
          (out, r) -> {
            out.u32(byteOffset(r.instructionOffset()));
            out.u32(r.typeId());
            out.u32(stringOffset.applyAsInt(r.accessString()));
            out.u32(r.kind());
          },
          stringOffset);
    }
    int coreLen = body.size() - coreOff;

    LeWriter out = new LeWriter();
    out.u16(BtfFormat.MAGIC);
    out.u8(BtfFormat.VERSION);
    out.u8(0); // flags
    out.u32(BtfFormat.EXT_HEADER_LENGTH);
    out.u32(funcOff);
    out.u32(funcLen);
    out.u32(lineOff);
    out.u32(lineLen);
    out.u32(coreOff);
    out.u32(coreLen);
    out.bytes(body.toByteArray());
    return out.toByteArray();
  }

  private interface RecordWriter<T> {
    void write(LeWriter out, T record);
  }

  /**
   * Writes one info block. An empty block is left out entirely (length 0) rather than written as a
   * bare record size, because libbpf rejects a block without records.
   */
  private static <T> void block(
      LeWriter out,
      int recordSize,
      List<T> records,
      Function<T, String> section,
      RecordWriter<T> writer,
      ToIntFunction<String> stringOffset) {
    Map<String, List<T>> bySection = new LinkedHashMap<>();
    for (T r : records) {
      bySection.computeIfAbsent(section.apply(r), s -> new ArrayList<>()).add(r);
    }
    out.u32(recordSize);
    for (Map.Entry<String, List<T>> e : bySection.entrySet()) {
      out.u32(stringOffset.applyAsInt(e.getKey()));
      out.u32(e.getValue().size());
      for (T r : e.getValue()) {
        writer.write(out, r);
      }
    }
  }

  /** Instruction slots to the byte offset clang writes (libbpf divides by 8 when loading). */
  private static int byteOffset(int instructionOffset) {
    if (instructionOffset < 0 || instructionOffset > 0xffffffffL / BtfFormat.INSTRUCTION_SIZE) {
      throw new IllegalArgumentException("instruction offset out of range: " + instructionOffset);
    }
    return instructionOffset * BtfFormat.INSTRUCTION_SIZE;
  }

  private static int lineCol(int line, int column) {
    if (line < 0 || line >= 1 << (32 - BtfFormat.COLUMN_BITS)) {
      throw new IllegalArgumentException("line number does not fit 22 bits: " + line);
    }
    if (column < 0 || column >= 1 << BtfFormat.COLUMN_BITS) {
      throw new IllegalArgumentException("column does not fit 10 bits: " + column);
    }
    return line << BtfFormat.COLUMN_BITS | column;
  }
}
