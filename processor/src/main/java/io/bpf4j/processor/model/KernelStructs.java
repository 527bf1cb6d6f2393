package io.bpf4j.processor.model;

import com.sun.source.util.Trees;
import io.bpf4j.processor.diag.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Builds {@link KernelStructView}s from {@code @KernelStruct} classes, reporting what a view may
 * not hold on the field concerned: a field must be a primitive, a fixed primitive array with a
 * constant length, or another {@code @KernelStruct} class (a pointer).
 */
public final class KernelStructs {
  private final Elements elements;
  private final Trees trees;
  private final BiConsumer<Element, String> errors;

  public KernelStructs(Elements elements, Trees trees, BiConsumer<Element, String> errors) {
    this.elements = elements;
    this.trees = trees;
    this.errors = errors;
  }

  /** Whether {@code e} carries {@code @KernelStruct}. */
  public static boolean isKernelStruct(Element e) {
    return e.getKind() == ElementKind.CLASS
        && ModelBuilder.annotation(e, LangNames.KERNEL_STRUCT) != null;
  }

  /** The view of {@code te}, or null after reporting what is wrong with it. */
  public KernelStructView view(TypeElement te) {
    AnnotationMirror ann = ModelBuilder.annotation(te, LangNames.KERNEL_STRUCT);
    String kernelName = ann == null ? null : stringValue(ann);
    String simple = te.getSimpleName().toString();
    boolean ok = true;
    if (kernelName == null || !kernelName.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      errors.accept(te, Messages.kernelStructName(simple, String.valueOf(kernelName)));
      ok = false;
    }
    List<KernelStructView.FieldDecl> decls = new ArrayList<>();
    for (VariableElement f : ElementFilter.fieldsIn(te.getEnclosedElements())) {
      if (f.getModifiers().contains(Modifier.STATIC)) {
        continue;
      }
      String name = f.getSimpleName().toString();
      TypeMirror t = f.asType();
      String d = primitive(t);
      if (d != null) {
        decls.add(new KernelStructView.FieldDecl(name, d, 0));
      } else if (t instanceof ArrayType at && primitive(at.getComponentType()) != null) {
        int length = StructSource.arrayLength(trees, f);
        if (length <= 0) {
          errors.accept(f, Messages.structArrayLength(simple, name));
          ok = false;
        } else {
          decls.add(
              new KernelStructView.FieldDecl(name, "[" + primitive(at.getComponentType()), length));
        }
      } else if (t instanceof DeclaredType dt
          && dt.asElement() instanceof TypeElement pointee
          && isKernelStruct(pointee)) {
        decls.add(
            new KernelStructView.FieldDecl(
                name, "L" + elements.getBinaryName(pointee).toString().replace('.', '/') + ";", 0));
      } else {
        errors.accept(f, Messages.kernelStructFieldType(simple, name));
        ok = false;
      }
    }
    if (!ok) {
      return null;
    }
    String internal = elements.getBinaryName(te).toString().replace('.', '/');
    return KernelStructView.of(internal, kernelName, decls);
  }

  private String stringValue(AnnotationMirror m) {
    for (var e : elements.getElementValuesWithDefaults(m).entrySet()) {
      ExecutableElement key = e.getKey();
      AnnotationValue v = e.getValue();
      if (key.getSimpleName().contentEquals(LangNames.VALUE) && v.getValue() instanceof String s) {
        return s;
      }
    }
    return null;
  }

  private static String primitive(TypeMirror t) {
    return switch (t.getKind()) {
      case BOOLEAN -> "Z";
      case BYTE -> "B";
      case SHORT -> "S";
      case CHAR -> "C";
      case INT -> "I";
      case LONG -> "J";
      default -> null;
    };
  }
}
