package io.bpf4j.processor.fuzz;

import java.util.ArrayList;
import java.util.List;

/** The variables and jump targets in scope in a block; a nested block works on a copy. */
final class Vars {
  /** int-valued variables to read: ints, parameters, loop counters, byte/short/char locals. */
  final List<String> ints = new ArrayList<>();

  /** int locals that may be assigned any int. */
  final List<String> writableInts = new ArrayList<>();

  final List<String> longs = new ArrayList<>();
  final List<String> writableLongs = new ArrayList<>();

  /** byte, short and char locals: {@code {name, type}}. */
  final List<String[]> smalls = new ArrayList<>();

  final List<String> bools = new ArrayList<>();

  /** Struct (Rec) variables known not to be null here. */
  final List<String> structs = new ArrayList<>();

  /** Labels of the enclosing loops, and of those that are for loops (where continue is safe). */
  final List<String> breakLabels = new ArrayList<>();

  final List<String> continueLabels = new ArrayList<>();

  int depth;
  int loops;

  /** Whether an unlabeled continue continues a for loop (which steps its counter). */
  boolean inFor;

  boolean inLoop;

  Vars nested() {
    Vars v = new Vars();
    v.ints.addAll(ints);
    v.writableInts.addAll(writableInts);
    v.longs.addAll(longs);
    v.writableLongs.addAll(writableLongs);
    v.smalls.addAll(smalls);
    v.bools.addAll(bools);
    v.structs.addAll(structs);
    v.breakLabels.addAll(breakLabels);
    v.continueLabels.addAll(continueLabels);
    v.depth = depth + 1;
    v.loops = loops;
    v.inFor = inFor;
    v.inLoop = inLoop;
    return v;
  }
}
