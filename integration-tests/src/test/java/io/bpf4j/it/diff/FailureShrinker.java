package io.bpf4j.it.diff;

import io.bpf4j.it.diff.DiffRunner.Kind;
import io.bpf4j.it.diff.DiffRunner.Spec;
import io.bpf4j.it.diff.DiffRunner.Verdict;
import io.bpf4j.testprograms.ClassSource;
import io.bpf4j.testprograms.JavacBatch;
import io.bpf4j.testprograms.ProgramClass;
import io.bpf4j.testprograms.ProgramClass.MapDef;
import io.bpf4j.testprograms.ProgramClass.Program;
import io.bpf4j.testprograms.Reductions;
import io.bpf4j.testprograms.Shrinker;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Shrinks a program that failed the differential run while it keeps failing the same way (same
 * {@link Verdict#signature}): first the frames (down to the first one that differed), then the
 * program with the shared {@link Shrinker} over {@link Reductions}. Candidates are tried in
 * batches, each in a class of its own, all compiled by one javac run and run in kernel and
 * simulator; the first candidate of the batch that still fails is taken.
 */
final class FailureShrinker {
  private static final int BATCH = 12;

  private final Path work;
  private final Instant deadline;
  private int round;
  private boolean compileOnly;

  /** The smallest failing program found, its frames and how it fails. */
  record Shrunk(ProgramClass single, List<byte[]> frames, Verdict verdict, int steps) {}

  FailureShrinker(Path work, Instant deadline) {
    this.work = work;
    this.deadline = deadline;
  }

  Shrunk shrink(ProgramClass owner, Program failing, List<byte[]> frames, Verdict original) {
    String signature = original.signature();
    // A compile failure needs no kernel: candidates are only compiled, more at a time.
    compileOnly = original.kind() == Kind.COMPILE_FAILED;
    int batchSize = compileOnly ? 3 * BATCH : BATCH;
    List<byte[]> currentFrames = frames;
    Verdict[] current = {original};
    if (original.frame() >= 0) {
      List<List<byte[]>> options =
          List.of(List.of(frames.get(original.frame())), frames.subList(0, original.frame() + 1));
      for (List<byte[]> f : options) {
        Verdict v = evaluate(List.of(failing), owner, f).get(0);
        if (v != null && v.signature().equals(signature)) {
          currentFrames = f;
          current[0] = v;
          break;
        }
      }
    }
    List<byte[]> shrinkFrames = currentFrames;
    Shrinker.Tester<Program> tester =
        batch -> {
          List<Verdict> verdicts = evaluate(batch, owner, shrinkFrames);
          for (int i = 0; i < batch.size(); i++) {
            if (verdicts.get(i) != null && verdicts.get(i).signature().equals(signature)) {
              current[0] = verdicts.get(i);
              return i;
            }
          }
          return -1;
        };
    Shrinker.Result<Program> result =
        new Shrinker<Program>(Reductions::of, tester, batchSize, Integer.MAX_VALUE, deadline)
            .shrink(failing);
    return new Shrunk(
        owner.withPrograms(List.of(result.smallest())).renamed("diff.shrink", "Shrunk"),
        currentFrames,
        current[0],
        result.steps());
  }

  /** Each candidate in a class of its own; null where it does not run. */
  private List<Verdict> evaluate(
      List<Program> candidates, ProgramClass owner, List<byte[]> frames) {
    List<ProgramClass> classes = new ArrayList<>();
    List<JavacBatch.Source> sources = new ArrayList<>();
    round++;
    for (int i = 0; i < candidates.size(); i++) {
      ProgramClass c =
          owner
              .withPrograms(List.of(candidates.get(i)))
              .renamed("diff.shrink", "R" + round + "C" + i);
      classes.add(c);
      sources.add(new JavacBatch.Source(c.binaryName(), ClassSource.of(c, "A shrink candidate.")));
    }
    JavacBatch.Output out =
        ProcessorJar.javac(owner.inline()).compile(sources, work.resolve("shrink"));
    List<Verdict> verdicts = new ArrayList<>();
    for (ProgramClass c : classes) {
      Program p = c.programs().get(0);
      String error = out.failures().get(c.binaryName());
      if (error != null) {
        verdicts.add(new Verdict(p.name(), Kind.COMPILE_FAILED, error, -1));
        continue;
      }
      if (compileOnly) {
        verdicts.add(new Verdict(p.name(), Kind.AGREE, "compiled", -1));
        continue;
      }
      Spec spec = spec(p, frames);
      Map<String, Verdict> v =
          DiffRunner.run(
              out.load(c.binaryName()),
              out.object(c.binaryName()),
              List.of(spec),
              new DiffRunner.Stats());
      verdicts.add(v.get(p.name()));
    }
    return verdicts;
  }

  static Spec spec(Program p, List<byte[]> frames) {
    return new Spec(p.name(), p.maps().stream().map(MapDef::name).toList(), p.seed(), frames);
  }
}
