package io.bpf4j.processor.model;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import io.bpf4j.processor.diag.Messages;
import java.util.function.BiConsumer;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;

/**
 * Checks a {@code @Struct}'s source for Java code that would run when it is created: {@code new} in
 * BPF code only zeroes the object on the stack, so field initializers, instance initializer blocks
 * and the body of a no-argument constructor would be silently skipped. (Constructors with arguments
 * are reported where they are called.) Structs without source (from the classpath) are not checked.
 */
final class StructSource {
  private StructSource() {}

  /** Reports, on the element concerned, what {@code te}'s creation would run; true when none. */
  static boolean check(Trees trees, TypeElement te, BiConsumer<Element, String> errors) {
    ClassTree cls = trees == null ? null : trees.getTree(te);
    if (cls == null) {
      return true;
    }
    String name = te.getSimpleName().toString();
    boolean ok = true;
    for (VariableElement f : ElementFilter.fieldsIn(te.getEnclosedElements())) {
      if (!f.getModifiers().contains(Modifier.STATIC)
          && trees.getTree(f) instanceof VariableTree v
          && v.getInitializer() != null
          && !(v.getInitializer() instanceof NewArrayTree)) {
        errors.accept(f, Messages.structInitializer(name));
        ok = false;
      }
    }
    for (Tree member : cls.getMembers()) {
      if (member instanceof BlockTree b && !b.isStatic()) {
        errors.accept(te, Messages.structInitializer(name));
        ok = false;
      }
    }
    for (ExecutableElement c : ElementFilter.constructorsIn(te.getEnclosedElements())) {
      MethodTree m = c.getParameters().isEmpty() ? trees.getTree(c) : null;
      if (m != null
          && m.getBody() != null
          && m.getBody().getStatements().stream().anyMatch(s -> !isSuperCall(s))) {
        errors.accept(c, Messages.structInitializer(name));
        ok = false;
      }
    }
    return ok;
  }

  /**
   * The length of fixed array field {@code f}, from its initializer ({@code new byte[16]}, or a
   * constant: {@code new byte[COMM_LEN]}); 0 when it has none this can read.
   */
  static int arrayLength(Trees trees, VariableElement f) {
    if (trees == null
        || !(trees.getTree(f) instanceof VariableTree v)
        || !(v.getInitializer() instanceof NewArrayTree n)
        || n.getDimensions().size() != 1
        || n.getInitializers() != null) {
      return 0;
    }
    ExpressionTree dim = n.getDimensions().get(0);
    Object value = null;
    if (dim instanceof LiteralTree lit) {
      value = lit.getValue();
    } else {
      TreePath path = TreePath.getPath(trees.getPath(f).getCompilationUnit(), dim);
      if (path != null
          && trees.getElement(path) instanceof VariableElement c
          && c.getConstantValue() != null) {
        value = c.getConstantValue();
      }
    }
    return value instanceof Integer i && i > 0 ? i : 0;
  }

  private static boolean isSuperCall(StatementTree s) {
    return s instanceof ExpressionStatementTree e
        && e.getExpression() instanceof MethodInvocationTree call
        && call.getMethodSelect() instanceof IdentifierTree id
        && id.getName().contentEquals("super");
  }
}
