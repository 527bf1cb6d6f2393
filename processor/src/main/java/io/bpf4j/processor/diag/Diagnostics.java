package io.bpf4j.processor.diag;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LineMap;
import com.sun.source.tree.Tree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import java.util.HashMap;
import java.util.Map;
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

  /**
   * The first syntax tree on each line of {@code element}'s declaration, captured while javac still
   * has the trees as parsed (code generation later rewrites them); null without javac's trees.
   */
  public LineIndex index(Element element) {
    if (trees == null) {
      return null;
    }
    TreePath path = trees.getPath(element);
    if (path == null) {
      return null;
    }
    CompilationUnitTree unit = path.getCompilationUnit();
    SourcePositions positions = trees.getSourcePositions();
    LineMap lines = unit.getLineMap();
    java.util.TreeMap<Integer, Tree> first = new java.util.TreeMap<>();
    Map<String, Tree> methods = new HashMap<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void scan(Tree tree, Void unused) {
        if (tree == null) {
          return null;
        }
        long start = positions.getStartPosition(unit, tree);
        if (start >= 0) {
          first.putIfAbsent((int) lines.getLineNumber(start), tree);
        }
        if (tree instanceof com.sun.source.tree.MethodTree m) {
          methods.putIfAbsent(m.getName().toString(), m);
        }
        return super.scan(tree, unused);
      }
    }.scan(path.getLeaf(), null);
    if (path.getLeaf() instanceof com.sun.source.tree.ClassTree cls) {
      // Fields too, for errors about a global variable's initializer that no line places.
      for (Tree member : cls.getMembers()) {
        if (member instanceof com.sun.source.tree.VariableTree v) {
          methods.putIfAbsent(v.getName().toString(), v);
        }
      }
    }
    return new LineIndex(unit, first, methods);
  }

  /** Where each source line of a class starts, for reporting on lines after parsing. */
  public record LineIndex(
      CompilationUnitTree unit,
      java.util.NavigableMap<Integer, Tree> firstTreeOnLine,
      Map<String, Tree> methods) {

    /** The tree starting on {@code line}, else the nearest one before it, else the method. */
    Tree at(int line, String method) {
      if (line > 0) {
        Map.Entry<Integer, Tree> e = firstTreeOnLine.floorEntry(line);
        if (e != null) {
          return e.getValue();
        }
      }
      return methods.get(method);
    }
  }

  public void error(Element element, String message) {
    messager.printMessage(Diagnostic.Kind.ERROR, message, element);
  }

  /**
   * Reports {@code message} on {@code line} of the class that {@code index} describes; falls back
   * to {@code fallback} (the method) when the line is unknown or no syntax tree is available.
   */
  public void errorAtLine(LineIndex index, Element fallback, int line, String message) {
    Tree tree = index == null ? null : index.at(line, fallback.getSimpleName().toString());
    if (tree != null) {
      trees.printMessage(Diagnostic.Kind.ERROR, message, tree, index.unit());
      return;
    }
    messager.printMessage(
        Diagnostic.Kind.ERROR, line > 0 ? message + " (line " + line + ")" : message, fallback);
  }
}
