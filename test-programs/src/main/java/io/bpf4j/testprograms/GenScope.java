package io.bpf4j.testprograms;

import io.bpf4j.testprograms.ProgramClass.StructDef;
import java.util.ArrayList;
import java.util.List;

/** Where code is being generated: what is in scope and which constructs are allowed. */
final class GenScope {
  /** A numeric variable, parameter or loop counter in scope. */
  record Local(String name, Ty ty, boolean writable) {}

  /** A struct reference in scope: a stack object or a map value (never null where visible). */
  record StructRef(String name, StructDef type) {}

  /** A stack array in scope. */
  record ArrayRef(String name, Ty elem, int length) {}

  final List<Local> locals = new ArrayList<>();
  final List<StructRef> structs = new ArrayList<>();
  final List<ArrayRef> arrays = new ArrayList<>();
  final List<String> frozenMaps = new ArrayList<>();
  int loopDepth;
  boolean inSwitch;

  /** Labels of the enclosing loops (fuzz only), the targets of {@code break L}. */
  final List<String> breakLabels = new ArrayList<>();

  /**
   * Labels of the enclosing for loops, the targets of {@code continue L} (not while: see below).
   */
  final List<String> continueLabels = new ArrayList<>();

  /** In the body of a {@link Stmt.While}, where a continue would skip the count. */
  boolean noContinue;

  /** Marks what is in scope now, to drop what a nested block declares when it ends. */
  int[] mark() {
    return new int[] {locals.size(), structs.size(), arrays.size(), frozenMaps.size()};
  }

  void reset(int[] m) {
    locals.subList(m[0], locals.size()).clear();
    structs.subList(m[1], structs.size()).clear();
    arrays.subList(m[2], arrays.size()).clear();
    frozenMaps.subList(m[3], frozenMaps.size()).clear();
  }
}
