package io.bpf4j.processor;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.Trees;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;

/**
 * Finds the code of a {@code @Struct} class that {@code new} in BPF code would not run: field
 * initializers, instance initializer blocks and constructor bodies (a struct starts zeroed on the
 * BPF stack). Each is reported on its own line instead of being silently skipped.
 */
final class StructCode implements Function<TypeElement, List<Element>> {
  private final Trees trees;

  StructCode(Trees trees) {
    this.trees = trees;
  }

  @Override
  public List<Element> apply(TypeElement struct) {
    List<Element> out = new ArrayList<>();
    for (Element e : struct.getEnclosedElements()) {
      if (e.getModifiers().contains(Modifier.STATIC)) {
        continue;
      }
      Tree tree = trees.getTree(e);
      if (e.getKind() == ElementKind.FIELD
          && tree instanceof VariableTree v
          && v.getInitializer() != null) {
        out.add(e);
      } else if (e.getKind() == ElementKind.CONSTRUCTOR
          // One with parameters is refused where it is called ("a constructor with arguments").
          && ((ExecutableElement) e).getParameters().isEmpty()
          && tree instanceof MethodTree m
          && m.getBody() != null
          && m.getBody().getStatements().stream().anyMatch(s -> !isSuperCall(s))) {
        out.add(e);
      }
    }
    ClassTree c = trees.getTree(struct);
    if (c != null
        && c.getMembers().stream().anyMatch(m -> m instanceof BlockTree b && !b.isStatic())) {
      out.add(struct);
    }
    return out;
  }

  /** {@code super();}, which javac puts in every constructor. */
  private static boolean isSuperCall(StatementTree s) {
    return s instanceof ExpressionStatementTree es
        && es.getExpression() instanceof MethodInvocationTree call
        && call.getArguments().isEmpty()
        && call.getMethodSelect() instanceof IdentifierTree id
        && id.getName().contentEquals("super");
  }
}
