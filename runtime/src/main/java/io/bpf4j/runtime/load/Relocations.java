package io.bpf4j.runtime.load;

import io.bpf4j.object.btf.BtfWriter;
import io.bpf4j.object.link.FuncInfoRecord;
import io.bpf4j.object.link.LineInfoRecord;
import io.bpf4j.object.link.LinkedProgram;
import io.bpf4j.object.link.MapReference;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.sys.Fd;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * The last step between a linked program and {@code BPF_PROG_LOAD}, the one only the loader can
 * take: map references get the fds of the maps just created, and func_info and line_info become the
 * kernel's records.
 */
final class Relocations {
  /** {@code BPF_PSEUDO_MAP_FD}: the ld_imm64's immediate is a map fd. */
  static final int PSEUDO_MAP_FD = 1;

  /** {@code BPF_PSEUDO_MAP_VALUE}: a map fd, and an offset into value 0 in the second half. */
  static final int PSEUDO_MAP_VALUE = 2;

  private Relocations() {}

  /**
   * The program's instructions with every map reference's {@code ld_imm64} pointing at the map's fd
   * in {@code maps}.
   */
  static byte[] apply(LinkedProgram p, Map<String, Fd> maps) {
    byte[] insns = p.instructions();
    ByteBuffer code = ByteBuffer.wrap(insns).order(ByteOrder.LITTLE_ENDIAN);
    for (MapReference r : p.mapReferences()) {
      Fd map = maps.get(r.mapName());
      if (map == null) {
        throw new BpfException(
            0,
            "program "
                + p.name()
                + " refers to map "
                + r.mapName()
                + ", which the object does not define");
      }
      int at = r.instructionIndex() * 8;
      int pseudo = r.kind() == MapReference.Kind.FD ? PSEUDO_MAP_FD : PSEUDO_MAP_VALUE;
      insns[at + 1] = (byte) ((insns[at + 1] & 0x0f) | (pseudo << 4));
      code.putInt(at + 4, map.get());
      if (r.kind() == MapReference.Kind.VALUE) {
        code.putInt(at + 12, r.offset());
      }
    }
    return insns;
  }

  /** {@code struct bpf_func_info} records: instruction offset, BTF type id. */
  static byte[] funcInfo(LinkedProgram p) {
    ByteBuffer out = ByteBuffer.allocate(8 * p.funcInfo().size()).order(ByteOrder.LITTLE_ENDIAN);
    for (FuncInfoRecord f : p.funcInfo()) {
      out.putInt(f.instructionOffset()).putInt(f.typeId());
    }
    return out.array();
  }

  /**
   * {@code struct bpf_line_info} records: instruction offset, the file name's and the line text's
   * offsets in the string section of {@code btf}, line and column.
   */
  static byte[] lineInfo(LinkedProgram p, BtfWriter.Encoded btf) {
    ByteBuffer out = ByteBuffer.allocate(16 * p.lineInfo().size()).order(ByteOrder.LITTLE_ENDIAN);
    for (LineInfoRecord l : p.lineInfo()) {
      out.putInt(l.instructionOffset())
          .putInt(btf.offsetOf(l.fileName()))
          .putInt(btf.offsetOf(l.lineText()))
          .putInt(l.lineCol());
    }
    return out.array();
  }
}
