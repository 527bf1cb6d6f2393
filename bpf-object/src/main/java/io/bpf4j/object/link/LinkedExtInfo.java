package io.bpf4j.object.link;

import io.bpf4j.object.ObjectFormatException;
import io.bpf4j.object.btf.BtfExt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The func_info, line_info and CO-RE relocations of a linked program: each function's {@code
 * .BTF.ext} records moved from section offsets to the function's place in the program.
 */
final class LinkedExtInfo {
  private LinkedExtInfo() {}

  /**
   * libbpf's {@code adjust_prog_btf_ext_info}: a function's records are those of its section that
   * fall inside it. Without records for the main program, libbpf drops them all; without records
   * for a subprogram when the main program has some, it fails.
   */
  static List<FuncInfoRecord> funcInfo(
      ObjectFunction main, Map<ObjectFunction, Integer> bases, BtfExt btfExt) {
    List<FuncInfoRecord> result = new ArrayList<>();
    if (btfExt == null) {
      return result;
    }
    for (Map.Entry<ObjectFunction, Integer> e : bases.entrySet()) {
      ObjectFunction f = e.getKey();
      int before = result.size();
      for (BtfExt.FuncInfo info : f.funcInfos) {
        result.add(
            new FuncInfoRecord(info.instructionOffset() - f.start + e.getValue(), info.typeId()));
      }
      if (result.size() == before) {
        if (f == main) {
          return List.of();
        }
        throw new ObjectFormatException(
            "program '" + main.name + "': no func_info for subprogram '" + f.name + "'");
      }
    }
    return result;
  }

  /** Like {@link #funcInfo}, for line_info. */
  static List<LineInfoRecord> lineInfo(
      ObjectFunction main, Map<ObjectFunction, Integer> bases, BtfExt btfExt) {
    List<LineInfoRecord> result = new ArrayList<>();
    if (btfExt == null) {
      return result;
    }
    for (Map.Entry<ObjectFunction, Integer> e : bases.entrySet()) {
      ObjectFunction f = e.getKey();
      int before = result.size();
      for (BtfExt.LineInfo info : f.lineInfos) {
        result.add(
            new LineInfoRecord(
                info.instructionOffset() - f.start + e.getValue(),
                info.fileName(),
                info.lineText(),
                info.line(),
                info.column()));
      }
      if (result.size() == before) {
        if (f == main) {
          return List.of();
        }
        throw new ObjectFormatException(
            "program '" + main.name + "': no line_info for subprogram '" + f.name + "'");
      }
    }
    return result;
  }

  /**
   * The CO-RE relocations of every function of the program, at their linked offsets (libbpf
   * relocates each appended subprogram's instructions in place too).
   */
  static List<CoreRelocationRecord> coreRelocations(
      Map<ObjectFunction, Integer> bases, BtfExt btfExt) {
    List<CoreRelocationRecord> result = new ArrayList<>();
    if (btfExt == null) {
      return result;
    }
    for (Map.Entry<ObjectFunction, Integer> e : bases.entrySet()) {
      ObjectFunction f = e.getKey();
      for (BtfExt.CoreRelo r : f.coreRelos) {
        result.add(
            new CoreRelocationRecord(
                r.instructionOffset() - f.start + e.getValue(),
                r.typeId(),
                r.accessString(),
                r.kind()));
      }
    }
    result.sort(java.util.Comparator.comparingInt(CoreRelocationRecord::instructionOffset));
    return result;
  }
}
