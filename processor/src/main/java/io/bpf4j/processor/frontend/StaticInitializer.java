package io.bpf4j.processor.frontend;

import io.bpf4j.object.kernel.CLayout;
import io.bpf4j.processor.diag.CompileError;
import io.bpf4j.processor.diag.Messages;
import io.bpf4j.processor.diag.MethodError;
import io.bpf4j.processor.model.GlobalModel;
import io.bpf4j.processor.model.ProgramModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * Reads the initial values of {@code @Global} and {@code @Config} fields from the class's {@code
 * <clinit>}, which never runs in the kernel: the constants javac stores there ({@code static int x
 * = 5}, {@code new long[16]}, {@code {1, 2, 3}}, {@code new S()} of a {@code @Struct}), run
 * symbolically from the start until the first instruction that is not such a constant. A global
 * assigned after that point, or with anything else, is a compile error on its line.
 */
final class StaticInitializer {
  private sealed interface Val {}

  private record Const(long value) implements Val {}

  private record ArrayVal(String elementDescriptor, long[] elements) implements Val {}

  private record StructVal(String internalName) implements Val {}

  private record Unknown() implements Val {}

  private final ClassNode cls;
  private final ProgramModel model;
  private final Map<String, Val> values = new LinkedHashMap<>();
  private final List<Val> stack = new ArrayList<>();
  private int line;

  private StaticInitializer(ClassNode cls, ProgramModel model) {
    this.cls = cls;
    this.model = model;
  }

  /**
   * Every global of {@code model} with its initial value, in declaration order; or null after
   * adding to {@code errors} what is not constant: on the line of {@code <clinit>} that assigns it,
   * or on the field (named as the error's element) when no line says more.
   */
  static Map<String, GlobalVar> read(ClassNode cls, ProgramModel model, List<MethodError> errors) {
    StaticInitializer s = new StaticInitializer(cls, model);
    MethodNode clinit =
        cls.methods.stream().filter(m -> m.name.equals("<clinit>")).findFirst().orElse(null);
    if (clinit != null) {
      try {
        s.run(clinit);
      } catch (CompileError e) {
        errors.add(new MethodError("<clinit>", e));
        return null;
      }
    }
    Map<String, GlobalVar> out = new LinkedHashMap<>();
    for (GlobalModel g : model.globals().values()) {
      try {
        out.put(g.fieldName(), s.variable(g));
      } catch (CompileError e) {
        errors.add(new MethodError(g.fieldName(), e));
      }
    }
    return errors.isEmpty() ? out : null;
  }

  private GlobalVar variable(GlobalModel g) {
    Val v = values.get(g.fieldName());
    if (g.isStruct()) {
      if (v != null && !(v instanceof StructVal)) {
        throw new CompileError(0, Messages.globalInitializer(g.fieldName()));
      }
      return new GlobalVar(g, 0, new byte[g.struct().size()]);
    }
    int elementSize = CLayout.sizeOfDescriptor(g.elementDescriptor());
    if (g.isArray()) {
      if (!(v instanceof ArrayVal a) || a.elements.length == 0) {
        throw new CompileError(0, Messages.globalArrayLength(g.fieldName()));
      }
      byte[] bytes = new byte[a.elements.length * elementSize];
      for (int i = 0; i < a.elements.length; i++) {
        put(bytes, i * elementSize, elementSize, a.elements[i]);
      }
      return new GlobalVar(g, a.elements.length, bytes);
    }
    byte[] bytes = new byte[elementSize];
    if (v instanceof Const c) {
      put(bytes, 0, elementSize, c.value);
    } else if (v != null) {
      throw new CompileError(0, Messages.globalInitializer(g.fieldName()));
    }
    return new GlobalVar(g, 0, bytes);
  }

  private static void put(byte[] bytes, int at, int size, long value) {
    for (int i = 0; i < size; i++) {
      bytes[at + i] = (byte) (value >>> (8 * i));
    }
  }

  private void run(MethodNode clinit) {
    boolean stopped = false;
    for (AbstractInsnNode n : clinit.instructions) {
      if (n instanceof LineNumberNode ln) {
        line = ln.line;
        continue;
      }
      if (n.getOpcode() < 0) {
        continue;
      }
      if (!stopped) {
        stopped = !step(n);
      }
      if (stopped && n instanceof FieldInsnNode f && isOwnGlobal(f)) {
        throw new CompileError(line, Messages.globalInitializer(f.name));
      }
    }
  }

  private boolean isOwnGlobal(FieldInsnNode f) {
    return f.owner.equals(cls.name) && model.globalByField(f.name) != null;
  }

  /** Runs one instruction; false when it is not part of a constant initializer. */
  private boolean step(AbstractInsnNode n) {
    int op = n.getOpcode();
    switch (op) {
      case Opcodes.ICONST_M1,
              Opcodes.ICONST_0,
              Opcodes.ICONST_1,
              Opcodes.ICONST_2,
              Opcodes.ICONST_3,
              Opcodes.ICONST_4,
              Opcodes.ICONST_5 ->
          push(new Const(op - Opcodes.ICONST_0));
      case Opcodes.LCONST_0, Opcodes.LCONST_1 -> push(new Const(op - Opcodes.LCONST_0));
      case Opcodes.BIPUSH, Opcodes.SIPUSH -> push(new Const(((IntInsnNode) n).operand));
      case Opcodes.LDC -> {
        Object c = ((LdcInsnNode) n).cst;
        if (c instanceof Integer i) {
          push(new Const(i));
        } else if (c instanceof Long l) {
          push(new Const(l));
        } else {
          return false;
        }
      }
      case Opcodes.I2L -> push(new Const(popConst()));
      case Opcodes.L2I -> push(new Const((int) popConst()));
      case Opcodes.I2B -> push(new Const((byte) popConst()));
      case Opcodes.I2S -> push(new Const((short) popConst()));
      case Opcodes.I2C -> push(new Const((char) popConst()));
      case Opcodes.DUP -> {
        if (stack.isEmpty()) {
          return false;
        }
        push(stack.get(stack.size() - 1));
      }
      case Opcodes.NEWARRAY -> {
        long length = popConst();
        String element = arrayElement(((IntInsnNode) n).operand);
        if (length < 0 || length > 1 << 20 || element == null) {
          return false;
        }
        push(new ArrayVal(element, new long[(int) length]));
      }
      case Opcodes.IASTORE, Opcodes.LASTORE, Opcodes.BASTORE, Opcodes.CASTORE, Opcodes.SASTORE -> {
        long value = popConst();
        long index = popConst();
        if (!(pop() instanceof ArrayVal a) || index < 0 || index >= a.elements.length) {
          return false;
        }
        a.elements[(int) index] = value;
      }
      case Opcodes.NEW -> push(new StructVal(((TypeInsnNode) n).desc));
      case Opcodes.INVOKESPECIAL -> {
        MethodInsnNode m = (MethodInsnNode) n;
        if (!m.name.equals("<init>") || !m.desc.equals("()V") || !(pop() instanceof StructVal)) {
          return false;
        }
      }
      case Opcodes.GETSTATIC -> {
        FieldInsnNode f = (FieldInsnNode) n;
        Val v = isOwnGlobal(f) ? values.get(f.name) : null;
        if (!(v instanceof ArrayVal)) {
          return false;
        }
        push(v);
      }
      case Opcodes.PUTSTATIC -> {
        FieldInsnNode f = (FieldInsnNode) n;
        Val v = pop();
        if (isOwnGlobal(f)) {
          GlobalModel g = model.globalByField(f.name);
          boolean fits =
              g.isStruct()
                  ? v instanceof StructVal s && g.descriptor().equals("L" + s.internalName + ";")
                  : g.isArray() ? v instanceof ArrayVal : v instanceof Const;
          if (!fits) {
            throw new CompileError(line, Messages.globalInitializer(f.name));
          }
          values.put(f.name, v);
        }
      }
      case Opcodes.RETURN -> {}
      default -> {
        return false;
      }
    }
    return !stack.contains(UNKNOWN);
  }

  private static final Val UNKNOWN = new Unknown();

  private static String arrayElement(int type) {
    return switch (type) {
      case Opcodes.T_BOOLEAN -> "Z";
      case Opcodes.T_BYTE -> "B";
      case Opcodes.T_SHORT -> "S";
      case Opcodes.T_CHAR -> "C";
      case Opcodes.T_INT -> "I";
      case Opcodes.T_LONG -> "J";
      default -> null;
    };
  }

  private void push(Val v) {
    stack.add(v);
  }

  private Val pop() {
    return stack.isEmpty() ? UNKNOWN : stack.remove(stack.size() - 1);
  }

  private long popConst() {
    Val v = pop();
    if (v instanceof Const c) {
      return c.value;
    }
    stack.add(UNKNOWN);
    return 0;
  }
}
