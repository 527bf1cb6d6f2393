package io.bpf4j.processor;

import io.bpf4j.object.FunctionSpec;
import io.bpf4j.object.MapSpec;
import io.bpf4j.object.ObjectSpec;
import io.bpf4j.object.insn.Code;
import io.bpf4j.object.insn.Register;
import io.bpf4j.object.kernel.Helper;
import io.bpf4j.object.kernel.ProgramSections;
import io.bpf4j.processor.diag.CompileError;
import io.bpf4j.processor.diag.Messages;
import io.bpf4j.processor.emit.BlockLayout;
import io.bpf4j.processor.emit.BtfTypes;
import io.bpf4j.processor.emit.Emitter;
import io.bpf4j.processor.emit.FrameLayout;
import io.bpf4j.processor.frontend.ClassContext;
import io.bpf4j.processor.frontend.FailureScan;
import io.bpf4j.processor.frontend.MethodTranslator;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.FrameAddr;
import io.bpf4j.processor.ir.FrameSlot;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.Jump;
import io.bpf4j.processor.ir.Reg;
import io.bpf4j.processor.ir.Store;
import io.bpf4j.processor.lower.NullChecks;
import io.bpf4j.processor.model.MapModel;
import io.bpf4j.processor.model.ProgramModel;
import io.bpf4j.processor.model.SectionModel;
import io.bpf4j.processor.model.SourceInfo;
import io.bpf4j.processor.model.StructLayout;
import io.bpf4j.processor.opt.CoalescedMoves;
import io.bpf4j.processor.opt.Optimizer;
import io.bpf4j.processor.opt.Termination;
import io.bpf4j.processor.regalloc.RegisterAllocator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Compiles one class: every {@code @Section} method and the static methods they call, through
 * frontend, optimizer, register allocation and emission, into an {@link ObjectSpec}.
 */
public final class ClassCompiler implements ClassContext {
  /** A compile error in a method, with the method's name for errors without a line. */
  public record MethodError(String method, CompileError error) {}

  /** The result: the object, or the errors that prevented it. */
  public record Result(ObjectSpec object, List<MethodError> errors, Map<String, Function> ir) {}

  private final ProgramModel model;
  private final SourceInfo source;
  private final ClassNode classNode = new ClassNode();
  private final ByteArrayOutputStream rodata = new ByteArrayOutputStream();
  private final Map<String, Integer> strings = new LinkedHashMap<>();
  private final Map<String, String> subprograms = new LinkedHashMap<>();
  private final Deque<MethodNode> pending = new ArrayDeque<>();
  private final Map<String, List<String>> calls = new LinkedHashMap<>();
  private final Map<String, Integer> callLines = new LinkedHashMap<>();
  private final BtfTypes btf = new BtfTypes();
  private final java.util.function.Function<String, StructLayout> structResolver;
  private final Map<String, StructLayout> resolvedStructs = new LinkedHashMap<>();
  private final List<MethodError> errors = new ArrayList<>();
  private final Map<String, Boolean> mayFail = new java.util.HashMap<>();
  private final Map<String, Function> ir = new LinkedHashMap<>();
  private final Map<String, Function> irByKey = new LinkedHashMap<>();
  private String current;
  private final Deque<String> inlining = new ArrayDeque<>();
  private boolean inliningEnabled = true;
  private boolean inlineHere = true;

  public ClassCompiler(ProgramModel model, SourceInfo source, byte[] classBytes) {
    this(model, source, classBytes, name -> null);
  }

  /**
   * A compiler that asks {@code structResolver} for {@code @Struct} classes declared outside the
   * program class (by internal name; null when the class is not a struct).
   */
  public ClassCompiler(
      ProgramModel model,
      SourceInfo source,
      byte[] classBytes,
      java.util.function.Function<String, StructLayout> structResolver) {
    this.model = model;
    this.source = source;
    this.structResolver = structResolver;
    new ClassReader(classBytes).accept(classNode, 0);
  }

  @Override
  public ProgramModel model() {
    return model;
  }

  @Override
  public StructLayout struct(String internalName) {
    StructLayout layout = model.structs().get(internalName);
    if (layout == null) {
      layout = resolvedStructs.computeIfAbsent(internalName, structResolver);
    }
    return layout;
  }

  @Override
  public int internString(String s) {
    return strings.computeIfAbsent(
        s,
        k -> {
          int offset = rodata.size();
          rodata.writeBytes(k.getBytes(StandardCharsets.UTF_8));
          rodata.write(0);
          return offset;
        });
  }

  @Override
  public String subprogram(String name, String descriptor, int line) {
    MethodNode m = find(name, descriptor);
    if (m == null) {
      return null;
    }
    if ((m.access & org.objectweb.asm.Opcodes.ACC_NATIVE) != 0) {
      // It has no bytecode: compiled, it would be an empty function returning 0.
      throw new CompileError(line, Messages.nativeWithoutHelper(name));
    }
    calls.computeIfAbsent(caller(), k -> new ArrayList<>()).add(name + descriptor);
    callLines.putIfAbsent(caller() + "->" + name + descriptor, line);
    String symbol = subprograms.get(name + descriptor);
    if (symbol == null) {
      symbol = uniqueSymbol(name);
      subprograms.put(name + descriptor, symbol);
      pending.add(m);
    }
    return symbol;
  }

  /** Methods larger than this many bytecode instructions are called, not inlined. */
  private static final int INLINE_MAX_INSNS = 120;

  /** How many inlined methods may nest. */
  private static final int INLINE_MAX_DEPTH = 3;

  @Override
  public Function inline(
      String name, String descriptor, int line, boolean[] nonNullParams, boolean packetLoads) {
    MethodNode m = find(name, descriptor);
    String key = name + descriptor;
    if (m == null
        || !inliningEnabled
        || !inlineHere
        || (m.access & org.objectweb.asm.Opcodes.ACC_STATIC) == 0
        || (m.access & org.objectweb.asm.Opcodes.ACC_NATIVE) != 0
        || key.equals(current)
        || inlining.contains(key)
        || inlining.size() >= INLINE_MAX_DEPTH
        || codeSize(m) > INLINE_MAX_INSNS
        || Type.getArgumentTypes(descriptor).length > 5) {
      return null;
    }
    // The call still counts for the recursion check.
    calls.computeIfAbsent(caller(), k -> new ArrayList<>()).add(key);
    callLines.putIfAbsent(caller() + "->" + key, line);
    inlining.push(key);
    try {
      Function f = new Function(name);
      MethodTranslator t = new MethodTranslator(this, m, f, false).asInlined(nonNullParams);
      if (packetLoads) {
        t.usePacketLoadInstructions();
      }
      t.translate();
      return f;
    } finally {
      inlining.pop();
    }
  }

  /** Compiles every call as a BPF-to-BPF call. */
  public ClassCompiler disableInlining() {
    inliningEnabled = false;
    return this;
  }

  /** The method whose code is being translated: the compiled one, or the one being inlined. */
  private String caller() {
    return inlining.isEmpty() ? current : inlining.peek();
  }

  private static int codeSize(MethodNode m) {
    int n = 0;
    for (var i : m.instructions) {
      if (i.getOpcode() >= 0) {
        n++;
      }
    }
    return n;
  }

  @Override
  public boolean mayFail(String name, String descriptor) {
    return mayFail(name + descriptor, new java.util.HashSet<>());
  }

  private boolean mayFail(String key, java.util.Set<String> visiting) {
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

  private String uniqueSymbol(String name) {
    String symbol = name;
    int n = 1;
    while (subprograms.containsValue(symbol) || isProgramName(symbol)) {
      symbol = name + "_" + n++;
    }
    return symbol;
  }

  private boolean isProgramName(String symbol) {
    return model.sections().stream().anyMatch(s -> s.methodName().equals(symbol));
  }

  private MethodNode find(String name, String descriptor) {
    for (MethodNode m : classNode.methods) {
      if (m.name.equals(name) && m.desc.equals(descriptor)) {
        return m;
      }
    }
    return null;
  }

  public Result compile() {
    List<FunctionSpec> functions = new ArrayList<>();
    for (SectionModel s : model.sections()) {
      MethodNode m = find(s.methodName(), s.descriptor());
      if (m == null) {
        continue;
      }
      FunctionSpec f = compileMethod(m, s.methodName(), s.section(), true);
      if (f != null) {
        functions.add(f);
      }
    }
    while (!pending.isEmpty()) {
      MethodNode m = pending.poll();
      FunctionSpec f =
          compileMethod(m, subprograms.get(m.name + m.desc), FunctionSpec.TEXT_SECTION, false);
      if (f != null) {
        functions.add(f);
      }
    }
    checkRecursion();
    if (errors.isEmpty()) {
      checkHelpers();
    }
    if (!errors.isEmpty()) {
      return new Result(null, errors, ir);
    }
    List<MapSpec> maps = new ArrayList<>();
    for (MapModel map : model.maps().values()) {
      maps.add(
          new MapSpec(
              map.name(),
              map.type(),
              map.keySize(),
              map.valueSize(),
              map.maxEntries(),
              map.flags(),
              map.pinning(),
              map.isRingBuf() ? 0 : btf.valueType(map.key()),
              map.isRingBuf() ? 0 : btf.valueType(map.value()),
              map.tailCallSlots()));
    }
    ObjectSpec spec =
        new ObjectSpec(model.license(), functions, maps, rodata.toByteArray(), btf.btf());
    return new Result(spec, errors, ir);
  }

  private FunctionSpec compileMethod(MethodNode m, String symbol, String section, boolean program) {
    String previous = current;
    current = m.name + m.desc;
    try {
      if ((m.access & org.objectweb.asm.Opcodes.ACC_STATIC) == 0) {
        throw new CompileError(0, Messages.virtualCall(classNode.name, m.name));
      }
      Function f;
      Map<Reg, Register> regs;
      try {
        f = new Function(symbol);
        regs = lower(m, f, section, program);
      } catch (FrameTooLarge | IllegalStateException e) {
        // Inlined methods share this frame (and registers); called, each gets its own. Try again
        // with calls.
        if (!inlineHere) {
          throw e;
        }
        inlineHere = false;
        f = new Function(symbol);
        regs = lower(m, f, section, program);
      } finally {
        inlineHere = true;
      }
      ir.put(symbol, f);
      irByKey.put(m.name + m.desc, f);
      Code code = Emitter.emit(f, regs);
      int funcId = btf.function(symbol, program, btf.ofKind(returnKind(m)), params(m, program));
      return new FunctionSpec(
          symbol, section, program, code, funcId, source.fileName(), lineTexts(code));
    } catch (CompileError e) {
      errors.add(new MethodError(m.name, e));
      return null;
    } catch (RuntimeException e) {
      errors.add(
          new MethodError(
              m.name, new CompileError(0, Messages.internalError(m.name, String.valueOf(e)))));
      return null;
    } finally {
      current = previous;
    }
  }

  /**
   * Translates, optimizes, allocates registers and lays out the frame of {@code m} into {@code f}.
   */
  private Map<Reg, Register> lower(MethodNode m, Function f, String section, boolean program) {
    MethodTranslator translator = new MethodTranslator(this, m, f, program);
    if (program && ProgramSections.compiledProgramType(section).allowsPacketLoadInstructions()) {
      translator.usePacketLoadInstructions();
    }
    translator.translate();
    NullChecks.insert(f, f.nullable());
    // Before the optimizer too: a loop without exit is refused even where it is provably dead.
    Termination.check(f);
    Optimizer.run(f);
    Termination.check(f);
    BlockLayout.arrange(f);
    Map<Reg, Register> regs = RegisterAllocator.allocate(f);
    CoalescedMoves.remove(f, regs);
    try {
      FrameLayout.assign(f);
    } catch (CompileError e) {
      if (inlineHere && f.slots().stream().anyMatch(slot -> slot.region() != null)) {
        throw new FrameTooLarge(e);
      }
      throw e;
    }
    touchWholeFrame(f);
    return regs;
  }

  /** A frame over 512 bytes that has inlined methods' slots in it. */
  private static final class FrameTooLarge extends RuntimeException {
    FrameTooLarge(CompileError cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }

  /**
   * Stores 0 into the deepest stack slot before anything else, so that the verifier counts the
   * whole frame as allocated from the first instruction on. Otherwise a frame that grows inside a
   * loop (a spill slot first written in the second iteration) trips the 6.18 verifier's precision
   * backtracking, which finds the slot missing in an older state and refuses the program ("verifier
   * bug: stack slot N, total slots M"). Every slot is written before it is read, so the zero is
   * never seen. Only functions with loops need it; a block of its own, as the entry block may be a
   * loop header.
   */
  private static void touchWholeFrame(Function f) {
    if (f.slots().isEmpty() || !hasLoop(f)) {
      return;
    }
    // Inlined calls' regions share bytes, so the deepest slot is not always the last one.
    FrameSlot deepest =
        f.slots().stream().min(java.util.Comparator.comparingInt(FrameSlot::offset)).orElseThrow();
    Block entry = f.entry();
    Block prologue = f.newBlock();
    f.blocks().remove(prologue);
    f.blocks().add(0, prologue);
    // One byte at the slot's lowest address: always inside the frame and aligned, whatever its
    // size.
    prologue.add(new Store(new FrameAddr(deepest, 0), 0, 1, new Imm(0), 0));
    prologue.add(new Jump(entry, 0));
  }

  /** Whether some block passes control to itself or to a block laid out before it. */
  private static boolean hasLoop(Function f) {
    List<Block> blocks = f.blocks();
    for (int i = 0; i < blocks.size(); i++) {
      for (Block s : blocks.get(i).successors()) {
        if (blocks.indexOf(s) <= i) {
          return true;
        }
      }
    }
    return false;
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
      String name = i < names.size() ? names.get(i) : "arg" + i;
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

  /** The BTF type of a program's context parameter: a pointer to the kernel's context struct. */
  private int contextPointer(String internalName) {
    return switch (internalName) {
      case "io/bpf4j/lang/XdpMd" -> btf.pointerToStruct("xdp_md");
      case "io/bpf4j/lang/RawTracepointArgs" -> btf.pointerToStruct("bpf_raw_tracepoint_args");
      case "io/bpf4j/lang/TracepointContext" -> btf.ofKind(Reg.Kind.REF);
      default -> btf.pointerToStruct("__sk_buff");
    };
  }

  private Map<Integer, String> lineTexts(Code code) {
    Map<Integer, String> texts = new LinkedHashMap<>();
    code.lines().forEach(l -> texts.put(l.line(), source.line(l.line())));
    return texts;
  }

  /**
   * Reports helper calls that a program's type may not make, in the program or in any method it
   * reaches, on the line of the call.
   */
  private void checkHelpers() {
    for (SectionModel s : model.sections()) {
      java.util.Set<String> reached = new java.util.LinkedHashSet<>();
      Deque<String> work = new ArrayDeque<>(List.of(s.methodName() + s.descriptor()));
      while (!work.isEmpty()) {
        String key = work.poll();
        if (reached.add(key)) {
          work.addAll(calls.getOrDefault(key, List.of()));
        }
      }
      for (String key : reached) {
        Function f = irByKey.get(key);
        if (f == null) {
          continue;
        }
        for (int[] call : f.helperCalls()) {
          if (!Helper.allowed(call[0], s.type())) {
            String allowed =
                Helper.of(call[0]).allowedTypes().stream()
                    .map(t -> t.name().toLowerCase())
                    .sorted()
                    .toList()
                    .toString();
            errors.add(
                new MethodError(
                    methodName(key),
                    new CompileError(
                        call[1],
                        Messages.helperNotAllowed(
                            Helper.nameOf(call[0]), s.section(), s.methodName(), allowed))));
            return;
          }
        }
      }
    }
  }

  private void checkRecursion() {
    for (String start : calls.keySet()) {
      List<String> path = new ArrayList<>();
      if (cycle(start, start, path, new java.util.HashSet<>())) {
        String names = String.join(" -> ", path.stream().map(ClassCompiler::methodName).toList());
        int line = callLines.getOrDefault(start + "->" + path.get(0), 0);
        errors.add(
            new MethodError(
                methodName(start),
                new CompileError(line, Messages.recursion(methodName(start) + " -> " + names))));
        return;
      }
    }
  }

  private static String methodName(String nameAndDescriptor) {
    return nameAndDescriptor.substring(0, nameAndDescriptor.indexOf('('));
  }

  private boolean cycle(String start, String at, List<String> path, java.util.Set<String> seen) {
    for (String callee : calls.getOrDefault(at, List.of())) {
      path.add(callee);
      if (callee.equals(start) || (seen.add(callee) && cycle(start, callee, path, seen))) {
        return true;
      }
      path.remove(path.size() - 1);
    }
    return false;
  }
}
