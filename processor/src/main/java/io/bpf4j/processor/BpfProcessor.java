package io.bpf4j.processor;

import com.google.auto.service.AutoService;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import com.sun.source.util.Trees;
import io.bpf4j.object.ObjectWriter;
import io.bpf4j.processor.diag.Diagnostics;
import io.bpf4j.processor.diag.MethodError;
import io.bpf4j.processor.driver.ClassCompiler;
import io.bpf4j.processor.model.KernelStructs;
import io.bpf4j.processor.model.LangNames;
import io.bpf4j.processor.model.ModelBuilder;
import io.bpf4j.processor.model.ProgramModel;
import io.bpf4j.processor.model.SourceInfo;
import io.bpf4j.processor.skeleton.SkeletonWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * The bpf4j annotation processor. {@code process()} validates annotated elements and builds each
 * class's model; because javac writes class files only after processing, the bytecode is compiled
 * to eBPF from a task listener when javac has generated the class, and {@code <binary name>.bpf.o}
 * is written next to it.
 */
@AutoService(Processor.class)
public final class BpfProcessor extends AbstractProcessor {
  /** Present on the class path when the user's program can load objects: skeletons make sense. */
  private static final String RUNTIME = "io.bpf4j.runtime.BpfRuntime";

  private final Map<String, Pending> pending = new LinkedHashMap<>();
  private final Set<String> seen = new java.util.HashSet<>();
  private Diagnostics diagnostics;
  private ModelBuilder models;
  private boolean listening;

  private record Pending(
      TypeElement type, ProgramModel model, SourceInfo source, Diagnostics.LineIndex lines) {}

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    Set<String> names = new java.util.LinkedHashSet<>();
    LangNames.ALL_ANNOTATIONS.forEach(n -> names.add(LangNames.annotation(n)));
    return names;
  }

  /**
   * {@code -Abpf4j.inline=false} compiles every call of another method as a BPF-to-BPF call (for
   * debugging, and for tests of the call protocol); by default small methods are inlined.
   */
  static final String INLINE_OPTION = "bpf4j.inline";

  /**
   * {@code -Abpf4j.irListing=true} also writes {@code <binary name>.ir.txt}: the IR of every
   * function after each stage of the compiler (for golden tests and debugging).
   */
  static final String IR_LISTING_OPTION = "bpf4j.irListing";

  /**
   * {@code -Abpf4j.skeleton=false} turns off the {@code FooSkeleton} sources written when the
   * runtime is on the class path.
   */
  static final String SKELETON_OPTION = "bpf4j.skeleton";

  @Override
  public Set<String> getSupportedOptions() {
    return Set.of(INLINE_OPTION, IR_LISTING_OPTION, SKELETON_OPTION);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    Trees trees = null;
    try {
      trees = Trees.instance(env);
      JavacTask.instance(env).addTaskListener(new Listener());
      listening = true;
    } catch (IllegalArgumentException | IllegalStateException e) {
      // Not javac (or a wrapped environment): objects cannot be written, which process() reports.
    }
    diagnostics = new Diagnostics(env.getMessager(), trees);
    models = new ModelBuilder(env.getElementUtils(), env.getTypeUtils(), trees, diagnostics::error);
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    TypeElement section =
        processingEnv.getElementUtils().getTypeElement(LangNames.annotation(LangNames.SECTION));
    if (section == null) {
      return false;
    }
    TypeElement kernelStruct =
        processingEnv
            .getElementUtils()
            .getTypeElement(LangNames.annotation(LangNames.KERNEL_STRUCT));
    if (kernelStruct != null) {
      // Now, while javac still has their trees: array lengths come from the initializers.
      for (Element view : round.getElementsAnnotatedWith(kernelStruct)) {
        if (view instanceof TypeElement te) {
          resolveKernelStruct(
              processingEnv.getElementUtils().getBinaryName(te).toString().replace('.', '/'));
        }
      }
    }
    for (Element method : round.getElementsAnnotatedWith(section)) {
      if (!(method.getEnclosingElement() instanceof TypeElement cls)) {
        continue;
      }
      String binaryName = processingEnv.getElementUtils().getBinaryName(cls).toString();
      if (!seen.add(binaryName)) {
        continue;
      }
      if (!listening) {
        diagnostics.error(
            cls,
            "the bpf4j processor needs javac's compiler API to compile BPF"
                + " code; run it with javac (or Maven/Gradle using javac)");
        continue;
      }
      ProgramModel model = models.build(cls);
      if (model != null) {
        pending.put(binaryName, new Pending(cls, model, sourceOf(cls), diagnostics.index(cls)));
        writeSkeleton(cls, model);
      }
    }
    return false;
  }

  /**
   * Writes {@code FooSkeleton.java} next to a top-level program class when the runtime is on the
   * class path (javac compiles it in the next round).
   */
  private void writeSkeleton(TypeElement cls, ProgramModel model) {
    if ("false".equals(processingEnv.getOptions().get(SKELETON_OPTION))
        || cls.getNestingKind() != NestingKind.TOP_LEVEL
        || processingEnv.getElementUtils().getTypeElement(RUNTIME) == null) {
      return;
    }
    String pkg = processingEnv.getElementUtils().getPackageOf(cls).getQualifiedName().toString();
    String simple = cls.getSimpleName().toString();
    String name = SkeletonWriter.className(simple);
    try (Writer w =
        processingEnv
            .getFiler()
            .createSourceFile(pkg.isEmpty() ? name : pkg + "." + name, cls)
            .openWriter()) {
      w.write(SkeletonWriter.source(pkg, simple, model));
    } catch (IOException e) {
      diagnostics.error(
          cls,
          "cannot write "
              + name
              + ".java ("
              + e.getMessage()
              + "); if the class exists already, rename it or turn skeletons off with -A"
              + SKELETON_OPTION
              + "=false");
    }
  }

  private SourceInfo sourceOf(TypeElement cls) {
    Trees trees = Trees.instance(processingEnv);
    var path = trees.getPath(cls);
    if (path == null) {
      return new SourceInfo(cls.getSimpleName() + ".java", Map.of());
    }
    var file = path.getCompilationUnit().getSourceFile();
    String name = file.getName();
    name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    try {
      return SourceInfo.of(name, file.getCharContent(true));
    } catch (IOException e) {
      return new SourceInfo(name, Map.of());
    }
  }

  private final class Listener implements TaskListener {
    @Override
    public void finished(TaskEvent e) {
      if (e.getKind() != TaskEvent.Kind.GENERATE || e.getTypeElement() == null) {
        return;
      }
      String binaryName =
          processingEnv.getElementUtils().getBinaryName(e.getTypeElement()).toString();
      Pending p = pending.remove(binaryName);
      if (p != null) {
        compile(p);
      }
    }
  }

  private void compile(Pending p) {
    String binaryName = p.model().binaryName();
    String pkg =
        processingEnv.getElementUtils().getPackageOf(p.type()).getQualifiedName().toString();
    String relative = pkg.isEmpty() ? binaryName : binaryName.substring(pkg.length() + 1);
    try {
      byte[] classBytes;
      FileObject classFile =
          processingEnv
              .getFiler()
              .getResource(StandardLocation.CLASS_OUTPUT, pkg, relative + ".class");
      try (InputStream in = classFile.openInputStream()) {
        classBytes = in.readAllBytes();
      }
      ClassCompiler compiler =
          new ClassCompiler(p.model(), p.source(), classBytes, this::resolveStruct)
              .withKernelStructs(this::resolveKernelStruct);
      if ("false".equals(processingEnv.getOptions().get(INLINE_OPTION))) {
        compiler.disableInlining();
      }
      StringBuilder irListing = new StringBuilder();
      boolean listIr = "true".equals(processingEnv.getOptions().get(IR_LISTING_OPTION));
      if (listIr) {
        compiler.listenToStages(
            (function, stage, listing) ->
                irListing.append("== ").append(stage).append(": ").append(listing).append('\n'));
      }
      ClassCompiler.Result result = compiler.compile();
      if (!result.errors().isEmpty()) {
        for (MethodError err : result.errors()) {
          diagnostics.errorAtLine(
              p.lines(),
              method(p.type(), err.method()),
              err.error().line(),
              err.error().getMessage());
        }
        return;
      }
      byte[] object = ObjectWriter.write(result.object());
      FileObject out =
          processingEnv
              .getFiler()
              .createResource(StandardLocation.CLASS_OUTPUT, pkg, relative + ".bpf.o", p.type());
      try (OutputStream os = out.openOutputStream()) {
        os.write(object);
      }
      if (listIr) {
        FileObject listing =
            processingEnv
                .getFiler()
                .createResource(StandardLocation.CLASS_OUTPUT, pkg, relative + ".ir.txt", p.type());
        try (OutputStream os = listing.openOutputStream()) {
          os.write(irListing.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
      }
    } catch (IOException | RuntimeException e) {
      diagnostics.error(
          p.type(),
          io.bpf4j.processor.diag.Messages.internalError(
              binaryName, "writing " + relative + ".bpf.o failed: " + e));
    }
  }

  /** A {@code @Struct} declared outside the program class, or null. */
  private io.bpf4j.processor.model.StructLayout resolveStruct(String internalName) {
    TypeElement te =
        processingEnv
            .getElementUtils()
            .getTypeElement(internalName.replace('/', '.').replace('$', '.'));
    if (te == null || !ModelBuilder.isStruct(te)) {
      return null;
    }
    return models.struct(te);
  }

  /** A {@code @KernelStruct} view, or null; a bad view is reported on its element, once. */
  private io.bpf4j.processor.model.KernelStructView resolveKernelStruct(String internalName) {
    TypeElement te =
        processingEnv
            .getElementUtils()
            .getTypeElement(internalName.replace('/', '.').replace('$', '.'));
    if (te == null || !KernelStructs.isKernelStruct(te)) {
      return null;
    }
    return kernelStructs
        .computeIfAbsent(
            internalName,
            k ->
                java.util.Optional.ofNullable(
                    new KernelStructs(
                            processingEnv.getElementUtils(),
                            Trees.instance(processingEnv),
                            diagnostics::error)
                        .view(te)))
        .orElse(null);
  }

  private final java.util.Map<String, java.util.Optional<io.bpf4j.processor.model.KernelStructView>>
      kernelStructs = new java.util.HashMap<>();

  private static Element method(TypeElement type, String name) {
    for (Element e : type.getEnclosedElements()) {
      if ((e instanceof ExecutableElement || e instanceof javax.lang.model.element.VariableElement)
          && e.getSimpleName().contentEquals(name)) {
        return e;
      }
    }
    return type;
  }
}
