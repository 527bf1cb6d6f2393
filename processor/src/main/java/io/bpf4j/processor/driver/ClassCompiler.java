package io.bpf4j.processor.driver;

import io.bpf4j.object.FunctionSpec;
import io.bpf4j.object.GlobalVariableSpec;
import io.bpf4j.object.ObjectSpec;
import io.bpf4j.object.kernel.ProgramType;
import io.bpf4j.processor.check.HelperPermissionCheck;
import io.bpf4j.processor.check.RecursionCheck;
import io.bpf4j.processor.check.StackDepthCheck;
import io.bpf4j.processor.diag.CompileError;
import io.bpf4j.processor.diag.Messages;
import io.bpf4j.processor.diag.MethodError;
import io.bpf4j.processor.emit.BtfTypes;
import io.bpf4j.processor.emit.FunctionBtf;
import io.bpf4j.processor.emit.ObjectAssembler;
import io.bpf4j.processor.frontend.ClassContext;
import io.bpf4j.processor.frontend.GlobalVar;
import io.bpf4j.processor.inline.Inliner;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.model.KernelStructView;
import io.bpf4j.processor.model.ProgramModel;
import io.bpf4j.processor.model.SectionModel;
import io.bpf4j.processor.model.SourceInfo;
import io.bpf4j.processor.model.StructLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.tree.MethodNode;

/**
 * Compiles one class into an {@link ObjectSpec}, as a straight line of stages: the class's model
 * and bytecode -> every {@code @Section} method, then every static method they reach, through the
 * {@link MethodPipeline} (translate, inline, lower, optimize, allocate registers, lay out the
 * frame, emit) -> the whole-class checks (recursion, helper permissions) -> the object (maps,
 * {@code .rodata}, BTF).
 *
 * <p>Methods are compiled one after another in the order their first calls are found, which fixes
 * the order and names of the subprograms in the object.
 */
public final class ClassCompiler {
  /** The result: the object, or the errors that prevented it; and the IR of each function. */
  public record Result(ObjectSpec object, List<MethodError> errors, Map<String, Function> ir) {}

  private final ProgramModel model;
  private final SourceInfo source;
  private final byte[] classBytes;
  private final java.util.function.Function<String, StructLayout> structResolver;
  private boolean inlining = true;
  private StageListener listener = StageListener.NONE;

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
    this.classBytes = classBytes;
    this.structResolver = structResolver;
  }

  private java.util.function.Function<String, KernelStructView> kernelStructs = name -> null;

  /** Asks {@code resolver} for {@code @KernelStruct} views (by internal name; null for others). */
  public ClassCompiler withKernelStructs(
      java.util.function.Function<String, KernelStructView> resolver) {
    this.kernelStructs = resolver;
    return this;
  }

  /** Compiles every call as a BPF-to-BPF call. */
  public ClassCompiler disableInlining() {
    inlining = false;
    return this;
  }

  /** Reports the IR of each function after each stage to {@code listener}. */
  public ClassCompiler listenToStages(StageListener listener) {
    this.listener = listener;
    return this;
  }

  public Result compile() {
    ClassContext context = new ClassContext(model, classBytes, structResolver);
    context.useKernelStructs(kernelStructs);
    Inliner inliner = new Inliner(context, inlining);
    context.useInliner(inliner);
    BtfTypes btf = new BtfTypes();
    MethodPipeline pipeline =
        new MethodPipeline(context, inliner, new FunctionBtf(model, btf), source, listener);
    Functions out = new Functions();
    out.errors.addAll(context.readGlobals());
    if (!out.errors.isEmpty()) {
      return new Result(null, out.errors, out.ir);
    }

    for (SectionModel s : model.sections()) {
      MethodNode m = context.find(s.methodName(), s.descriptor());
      if (m != null) {
        out.compile(pipeline, m, s.methodName(), s.section(), s.type(), s.onFault());
      }
    }
    for (MethodNode m; (m = context.subprograms().next()) != null; ) {
      out.compile(
          pipeline, m, context.subprograms().symbolOf(m), FunctionSpec.TEXT_SECTION, null, 0);
    }

    RecursionCheck.check(context.calls()).ifPresent(out.errors::add);
    if (out.errors.isEmpty()) {
      HelperPermissionCheck.check(model, context.calls(), out.irByMethod)
          .ifPresent(out.errors::add);
    }
    if (out.errors.isEmpty()) {
      StackDepthCheck.check(model, out.ir).ifPresent(out.errors::add);
    }
    if (!out.errors.isEmpty()) {
      return new Result(null, out.errors, out.ir);
    }
    List<GlobalVariableSpec> globals = new ArrayList<>();
    for (GlobalVar g : context.globals().values()) {
      int type = btf.variable(g.model().descriptor(), g.model().struct(), g.length());
      globals.add(
          new GlobalVariableSpec(g.name(), g.section(), type, g.alignment(), g.initialValue()));
    }
    ObjectSpec object =
        ObjectAssembler.assemble(model, out.functions, context.rodata().bytes(), globals, btf);
    return new Result(object, out.errors, out.ir);
  }

  /** The compiled functions and their IR, or the errors of the methods that did not compile. */
  private static final class Functions {
    final List<FunctionSpec> functions = new ArrayList<>();
    final List<MethodError> errors = new ArrayList<>();
    final Map<String, Function> ir = new LinkedHashMap<>();
    final Map<String, Function> irByMethod = new LinkedHashMap<>();

    void compile(
        MethodPipeline pipeline,
        MethodNode m,
        String symbol,
        String section,
        ProgramType programType,
        int onFault) {
      try {
        MethodPipeline.Compiled compiled =
            pipeline.compile(m, symbol, section, programType, onFault);
        ir.put(symbol, compiled.ir());
        irByMethod.put(m.name + m.desc, compiled.ir());
        functions.add(compiled.spec());
      } catch (CompileError e) {
        errors.add(new MethodError(m.name, e));
      } catch (RuntimeException e) {
        errors.add(
            new MethodError(
                m.name, new CompileError(0, Messages.internalError(m.name, String.valueOf(e)))));
      }
    }
  }
}
