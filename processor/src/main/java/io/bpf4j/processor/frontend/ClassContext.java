package io.bpf4j.processor.frontend;

import io.bpf4j.processor.diag.CompileError;
import io.bpf4j.processor.diag.Messages;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Rodata;
import io.bpf4j.processor.model.KernelStructView;
import io.bpf4j.processor.model.ProgramModel;
import io.bpf4j.processor.model.StructLayout;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * What translating one method needs from the class being compiled: its model and bytecode, the
 * {@code @Struct} layouts, the {@code .rodata} strings, the subprograms and the call graph that
 * translation grows, whether a method may fail, and the inliner that decides about each call.
 */
public final class ClassContext {
  private final ProgramModel model;
  private final ClassNode classNode = new ClassNode();
  private final java.util.function.Function<String, StructLayout> structResolver;
  private final Map<String, StructLayout> resolvedStructs = new LinkedHashMap<>();
  private java.util.function.Function<String, KernelStructView> kernelStructResolver = name -> null;
  private final Map<String, KernelStructView> kernelStructs = new LinkedHashMap<>();
  private final Rodata rodata = new Rodata();
  private final Subprograms subprograms;
  private final CallGraph calls = new CallGraph();
  private final Map<String, Boolean> mayFail = new HashMap<>();
  private final Set<String> loopCallbacks = new HashSet<>();
  private String currentSection;
  private Map<String, Integer> callSites;
  private Map<String, GlobalVar> globals;
  private CalleeInliner inliner = (name, descriptor, line, nonNullParams, packetLoads) -> null;

  /**
   * The context of the class {@code classBytes}; {@code structResolver} answers for {@code @Struct}
   * classes declared outside it (by internal name; null when the class is not a struct).
   */
  public ClassContext(
      ProgramModel model,
      byte[] classBytes,
      java.util.function.Function<String, StructLayout> structResolver) {
    this.model = model;
    this.structResolver = structResolver;
    this.subprograms = new Subprograms(model);
    new ClassReader(classBytes).accept(classNode, 0);
  }

  /** Lets {@code inliner} decide about the calls of the class's own methods. */
  public void useInliner(CalleeInliner inliner) {
    this.inliner = inliner;
  }

  /**
   * Sets the section of the program being compiled (with the callees inlined into it), or null
   * while compiling a subprogram, which any program may call.
   */
  public void setCurrentSection(String section) {
    this.currentSection = section;
  }

  /** The section of the program being compiled, or null in a subprogram. */
  public String currentSection() {
    return currentSection;
  }

  public ProgramModel model() {
    return model;
  }

  /** The internal name of the class. */
  public String className() {
    return classNode.name;
  }

  /**
   * Reads the initial values of the {@code @Global} and {@code @Config} fields from the static
   * initializer; returns the errors (empty when every initializer is constant).
   */
  public java.util.List<io.bpf4j.processor.diag.MethodError> readGlobals() {
    java.util.List<io.bpf4j.processor.diag.MethodError> errors = new java.util.ArrayList<>();
    globals = StaticInitializer.read(classNode, model, errors);
    return errors;
  }

  /** The {@code @Global} and {@code @Config} fields with their initial values. */
  public Map<String, GlobalVar> globals() {
    if (globals == null) {
      throw new IllegalStateException("globals not read");
    }
    return globals;
  }

  /** The global variable of field {@code name} of this class, or null. */
  GlobalVar global(String owner, String name) {
    return owner.equals(classNode.name) ? globals().get(name) : null;
  }

  public Rodata rodata() {
    return rodata;
  }

  public Subprograms subprograms() {
    return subprograms;
  }

  public CallGraph calls() {
    return calls;
  }

  /** The layout of {@code @Struct} class {@code internalName}, or null if it is not one. */
  public StructLayout struct(String internalName) {
    StructLayout layout = model.structs().get(internalName);
    if (layout == null) {
      layout = resolvedStructs.computeIfAbsent(internalName, structResolver);
    }
    return layout;
  }

  /** Lets {@code resolver} answer for {@code @KernelStruct} classes (by internal name). */
  public void useKernelStructs(java.util.function.Function<String, KernelStructView> resolver) {
    this.kernelStructResolver = resolver;
  }

  /** The view of {@code @KernelStruct} class {@code internalName}, or null if it is not one. */
  public KernelStructView kernelStruct(String internalName) {
    KernelStructView view = kernelStructs.get(internalName);
    if (view == null && !kernelStructs.containsKey(internalName)) {
      view = kernelStructResolver.apply(internalName);
      kernelStructs.put(internalName, view);
    }
    return view;
  }

  /** The offset in {@code .rodata} of the NUL-terminated string {@code s}. */
  public int internString(String s) {
    return rodata.intern(s);
  }

  /**
   * The symbol of the {@code Bpf.loop} callback {@code name descriptor}, queued for compilation as
   * a subprogram; {@code line} is where it is passed.
   */
  public String loopCallback(String name, String descriptor, int line) {
    MethodNode m = find(name, descriptor);
    if (m == null || (m.access & Opcodes.ACC_STATIC) == 0) {
      throw new CompileError(line, Messages.loopCallbackNotStatic(name));
    }
    loopCallbacks.add(name + descriptor);
    return subprogram(name, descriptor, line);
  }

  /** Whether {@code name descriptor} is passed to {@code Bpf.loop} (it then takes no flag). */
  public boolean isLoopCallback(String name, String descriptor) {
    return loopCallbacks.contains(name + descriptor);
  }

  /**
   * How many places in the class's bytecode name its own method {@code name descriptor}: static
   * calls and method references (a loop callback, say). Counted once per class.
   */
  public int callSites(String name, String descriptor) {
    if (callSites == null) {
      callSites = new HashMap<>();
      for (MethodNode m : classNode.methods) {
        for (AbstractInsnNode i : m.instructions) {
          if (i instanceof MethodInsnNode call && call.owner.equals(classNode.name)) {
            callSites.merge(call.name + call.desc, 1, Integer::sum);
          } else if (i instanceof InvokeDynamicInsnNode indy) {
            for (Object arg : indy.bsmArgs) {
              if (arg instanceof Handle h && h.getOwner().equals(classNode.name)) {
                callSites.merge(h.getName() + h.getDesc(), 1, Integer::sum);
              }
            }
          } else if (i instanceof LdcInsnNode ldc
              && ldc.cst instanceof Handle h
              && h.getOwner().equals(classNode.name)) {
            callSites.merge(h.getName() + h.getDesc(), 1, Integer::sum);
          }
        }
      }
    }
    return callSites.getOrDefault(name + descriptor, 0);
  }

  /** The class's method {@code name descriptor}, or null. */
  public MethodNode find(String name, String descriptor) {
    for (MethodNode m : classNode.methods) {
      if (m.name.equals(name) && m.desc.equals(descriptor)) {
        return m;
      }
    }
    return null;
  }

  /**
   * The symbol of the subprogram compiled from static method {@code name descriptor} of this class,
   * which is queued for compilation; null if the class has no such method. {@code line} is where
   * the call is, for reporting recursion.
   */
  public String subprogram(String name, String descriptor, int line) {
    MethodNode m = find(name, descriptor);
    if (m == null) {
      return null;
    }
    if ((m.access & Opcodes.ACC_NATIVE) != 0) {
      // It has no bytecode: compiled, it would be an empty function returning 0.
      throw new CompileError(line, Messages.nativeWithoutHelper(name));
    }
    calls.record(name + descriptor, line);
    return subprograms.symbolFor(m);
  }

  /** See {@link CalleeInliner#inline}. */
  public Function inline(
      String name, String descriptor, int line, boolean[] nonNullParams, boolean packetLoads) {
    return inliner.inline(name, descriptor, line, nonNullParams, packetLoads);
  }

  /**
   * Whether static method {@code name descriptor} of this class may fail where Java would throw (a
   * division, an array access, a dereference, a packet read, or a call of such a method): its
   * callers then pass it a failure flag to check after the call.
   */
  public boolean mayFail(String name, String descriptor) {
    if (isLoopCallback(name, descriptor)) {
      return false; // compiled without the hidden failure flag, see MethodTranslator
    }
    return mayFail(name + descriptor, new HashSet<>());
  }

  private boolean mayFail(String key, Set<String> visiting) {
    Boolean known = mayFail.get(key);
    if (known != null) {
      return known;
    }
    MethodNode m = find(key.substring(0, key.indexOf('(')), key.substring(key.indexOf('(')));
    if (m == null || !visiting.add(key)) {
      return false; // unknown, or a cycle, which is reported as recursion anyway
    }
    boolean fails =
        FailureScan.mayFail(m, model.internalName(), callee -> mayFail(callee, visiting));
    mayFail.put(key, fails);
    return fails;
  }
}
