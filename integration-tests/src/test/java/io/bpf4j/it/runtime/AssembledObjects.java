package io.bpf4j.it.runtime;

import io.bpf4j.object.FunctionSpec;
import io.bpf4j.object.MapSpec;
import io.bpf4j.object.ObjectSpec;
import io.bpf4j.object.ObjectWriter;
import io.bpf4j.object.btf.Btf;
import io.bpf4j.object.btf.BtfType;
import io.bpf4j.object.insn.Assembler;
import java.util.List;
import java.util.Map;

/**
 * Objects built from hand-assembled code with the same {@link ObjectWriter} the processor uses, and
 * the BTF the processor would give a program {@code int name(struct __sk_buff *skb)}: an {@code
 * int}, a {@code FUNC_PROTO} and a {@code FUNC}, so the kernel accepts their func_info and
 * line_info (see {@code processor/.../emit/BtfTypes.java}).
 */
final class AssembledObjects {
  private AssembledObjects() {}

  /**
   * A one-program object: program {@code name} in ELF section {@code section} (which sets the
   * program type, e.g. {@code socket} or {@code tc}), with line info naming {@code fileName} and
   * the texts of {@code lines}; {@code btf} may already hold the maps' key and value types.
   */
  static byte[] skbProgram(
      String section,
      String name,
      Assembler code,
      String fileName,
      Map<Integer, String> lines,
      Btf btf,
      List<MapSpec> maps) {
    int intType = btf.addOrFind(new BtfType.Int("int", 4, BtfType.Int.SIGNED, 0, 32));
    int skBuff = btf.add(new BtfType.Fwd("__sk_buff", false));
    int skBuffPtr = btf.add(new BtfType.Ptr(skBuff));
    int proto =
        btf.add(new BtfType.FuncProto(intType, List.of(new BtfType.Param("skb", skBuffPtr))));
    int func = btf.add(new BtfType.Func(name, proto, BtfType.Func.GLOBAL));
    FunctionSpec f = new FunctionSpec(name, section, true, code.build(), func, fileName, lines);
    return ObjectWriter.write(new ObjectSpec("GPL", List.of(f), maps, new byte[0], btf));
  }
}
