package io.bpf4j.processor.diag;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LineMap;
import com.sun.source.tree.Tree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * Reports errors through javac: on an element, or on an exact source line of a class (found in the
 * class's syntax tree, so javac prints the file, the line and a caret as for its own errors).
 */
public final class Diagnostics {
  private final Messager messager;
  private final Trees trees;

  public Diagnostics(Messager messager, Trees trees) {
    this.messager = messager;
    this.trees = trees;
  }

  public void error(Element element, String message) {
    messager.printMessage(Diagnostic.Kind.ERROR, message, element);
  }

  /**
   * Reports {@code message} on {@code line} of the file that declares {@code element}; falls back
   * to {@code fallback} (the method) when the line is unknown or no syntax tree is available.
   */
  public void errorAtLine(Element element, Element fallback, int line, String message) {
    if (line > 0 && trees != null) {
      TreePath path = trees.getPath(element);
      if (path != null) {
        CompilationUnitTree unit = path.getCompilationUnit();
        Tree tree = firstTreeOnLine(unit, path.getLeaf(), line);
        if (tree != null) {
          trees.printMessage(Diagnostic.Kind.ERROR, message, tree, unit);
          return;
        }
      }
    }
    messager.printMessage(Diagnostic.Kind.ERROR,
        line > 0 ? message + " (line " + line + ")" : message, fallback);
  }

  private Tree firstTreeOnLine(CompilationUnitTree unit, Tree root, int line) {
    SourcePositions positions = trees.getSourcePositions();
    LineMap lines = unit.getLineMap();
    Tree[] found = new Tree[1];
    new TreeScanner<Void, Void>() {
      @Override
      public Void scan(Tree tree, Void unused) {
        if (tree == null || found[0] != null) {
          return null;
        }
        long start = positions.getStartPosition(unit, tree);
        long end = positions.getEndPosition(unit, tree);
        if (start >= 0 && lines.getLineNumber(start) == line) {
          found[0] = tree;
          return null;
        }
        if (start >= 0 && end >= 0
            && (lines.getLineNumber(start) > line || lines.getLineNumber(end) < line)) {
          return null;
        }
        return super.scan(tree, unused);
      }
    }.scan(root, null);
    return found[0];
  }
}
