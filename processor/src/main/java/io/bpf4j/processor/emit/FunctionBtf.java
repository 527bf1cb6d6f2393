package io.bpf4j.processor.emit;

import io.bpf4j.object.kernel.ContextType;
import io.bpf4j.object.kernel.ProgramType;
import io.bpf4j.processor.ir.Reg;
import io.bpf4j.processor.model.CNames;
import io.bpf4j.processor.model.LangNames;
import io.bpf4j.processor.model.ProgramModel;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodNode;

/**
 * The BTF {@code FUNC} of a compiled method: its parameters' names (from the source) and kinds, a
 * program's context parameter as a pointer to the kernel's context struct.
 */
public final class FunctionBtf {
  private final ProgramModel model;
  private final BtfTypes btf;

  public FunctionBtf(ProgramModel model, BtfTypes btf) {
    this.model = model;
    this.btf = btf;
  }

  /**
   * Adds the function {@code symbol} compiled from {@code m}, a program of {@code programType} or a
   * subprogram when it is null; returns its BTF type id.
   */
  public int add(String symbol, MethodNode m, ProgramType programType) {
    boolean program = programType != null;
    List<BtfTypes.Param> params =
        program && programType.context().isTracedArguments()
            // What the kernel calls the program with, as clang's BPF_PROG writes it: the
            // arguments' array (the Java parameters are read from it).
            ? List.of(new BtfTypes.Param("ctx", btf.ofKind(Reg.Kind.REF)))
            : params(m, program);
    return btf.function(symbol, program, btf.ofKind(returnKind(m)), params);
  }

  /**
   * The local BTF struct of {@code view} (and of the views it points to, found with {@code views}):
   * where its CO-RE relocations start.
   */
  public int coreType(
      io.bpf4j.processor.model.KernelStructView view,
      java.util.function.Function<String, io.bpf4j.processor.model.KernelStructView> views) {
    return btf.kernelStruct(view, views);
  }

  private static Reg.Kind returnKind(MethodNode m) {
    Type t = Type.getReturnType(m.desc);
    return t.getSort() == Type.LONG ? Reg.Kind.LONG : Reg.Kind.INT;
  }

  private List<BtfTypes.Param> params(MethodNode m, boolean program) {
    List<BtfTypes.Param> out = new ArrayList<>();
    Type[] types = Type.getArgumentTypes(m.desc);
    for (int i = 0; i < types.length; i++) {
      List<String> names = model.parameterNames().getOrDefault(m.name + m.desc, List.of());
      // The kernel refuses BTF parameter names that are not C identifiers.
      String name = i < names.size() ? CNames.sanitize(names.get(i)) : "arg" + i;
      int type;
      if (program && i == 0) {
        type = contextPointer(types[i].getInternalName());
      } else {
        type =
            btf.ofKind(
                switch (types[i].getSort()) {
                  case Type.LONG -> Reg.Kind.LONG;
                  case Type.OBJECT, Type.ARRAY -> Reg.Kind.REF;
                  default -> Reg.Kind.INT;
                });
      }
      out.add(new BtfTypes.Param(name, type));
    }
    return out;
  }

  /**
   * The BTF type of a program's context parameter: a pointer to the kernel's context struct (an
   * {@code __sk_buff} unless the parameter names another context), or a plain pointer where the
   * kernel has no struct (a tracepoint's record).
   */
  private int contextPointer(String internalName) {
    ContextType context = LangNames.context(internalName);
    if (context == null) {
      context = ContextType.SK_BUFF;
    }
    return context.kernelStruct().isEmpty()
        ? btf.ofKind(Reg.Kind.REF)
        : btf.pointerToStruct(context.kernelStruct());
  }
}
