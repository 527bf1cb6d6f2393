package io.bpf4j.it.diff;

import io.bpf4j.it.diff.DiffRunner.Kind;
import io.bpf4j.it.diff.DiffRunner.Spec;
import io.bpf4j.it.diff.DiffRunner.Verdict;
import io.bpf4j.it.diff.GenClass.GenProgram;
import io.bpf4j.it.diff.GenClass.MapDef;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Shrinks a failing program while it keeps failing the same way (same {@link Kind}): first the
 * frames (down to the first one that differed), then the program, one {@link Reductions} step at a
 * time. Candidates are tried in batches, each in a class of its own, all compiled by one javac run;
 * the first candidate of the batch that still fails is taken.
 */
final class Shrinker {
  private static final int BATCH = 12;

  private final Path work;
  private final Instant deadline;
  private int round;
  private boolean compileOnly;

  /** The smallest failing program found, its frames and how it fails. */
  record Shrunk(GenClass single, List<byte[]> frames, Verdict verdict, int steps) {}

  Shrinker(Path work, Instant deadline) {
    this.work = work;
    this.deadline = deadline;
  }

  Shrunk shrink(GenClass owner, GenProgram failing, List<byte[]> frames, Verdict original) {
    String signature = original.signature();
    // A compile failure needs no kernel: candidates are only compiled, more at a time.
    compileOnly = original.kind() == Kind.COMPILE_FAILED;
    int batchSize = compileOnly ? 3 * BATCH : BATCH;
    GenClass single = owner.withPrograms(List.of(failing)).renamed("diff.shrink", "Start");
    List<byte[]> currentFrames = frames;
    Verdict current = original;
    if (original.frame() >= 0) {
      List<List<byte[]>> options =
          List.of(List.of(frames.get(original.frame())), frames.subList(0, original.frame() + 1));
      for (List<byte[]> f : options) {
        Verdict v = evaluate(List.of(failing), owner, f).get(0);
        if (v != null && v.signature().equals(signature)) {
          currentFrames = f;
          current = v;
          break;
        }
      }
    }
    GenProgram best = failing;
    int steps = 0;
    int start = 0;
    boolean progress = true;
    while (progress && Instant.now().isBefore(deadline)) {
      progress = false;
      List<GenProgram> candidates = Reductions.of(best);
      for (int from = 0; from < candidates.size() && Instant.now().isBefore(deadline); ) {
        // Resume near where the last step succeeded: the steps before it were just tried.
        int at = (start + from) % candidates.size();
        List<GenProgram> batch = new ArrayList<>();
        for (int i = 0; i < batchSize && from < candidates.size(); i++, from++) {
          batch.add(candidates.get((start + from) % candidates.size()));
        }
        List<Verdict> verdicts = evaluate(batch, owner, currentFrames);
        int hit = -1;
        for (int i = 0; i < batch.size(); i++) {
          if (verdicts.get(i) != null && verdicts.get(i).signature().equals(signature)) {
            hit = i;
            break;
          }
        }
        if (hit >= 0) {
          best = batch.get(hit);
          current = verdicts.get(hit);
          steps++;
          start = at + hit;
          progress = true;
          break;
        }
      }
    }
    return new Shrunk(
        owner.withPrograms(List.of(best)).renamed("diff.shrink", "Shrunk"),
        currentFrames,
        current,
        steps);
  }

  /** Each candidate in a class of its own; null where it does not run. */
  private List<Verdict> evaluate(List<GenProgram> candidates, GenClass owner, List<byte[]> frames) {
    List<GenClass> classes = new ArrayList<>();
    List<GenCompiler.Source> sources = new ArrayList<>();
    round++;
    for (int i = 0; i < candidates.size(); i++) {
      GenClass c =
          owner
              .withPrograms(List.of(candidates.get(i)))
              .renamed("diff.shrink", "R" + round + "C" + i);
      classes.add(c);
      sources.add(new GenCompiler.Source(c.binaryName(), ClassSource.of(c, "A shrink candidate.")));
    }
    GenCompiler.Output out = GenCompiler.compile(sources, work.resolve("shrink"), owner.inline());
    List<Verdict> verdicts = new ArrayList<>();
    for (GenClass c : classes) {
      GenProgram p = c.programs().get(0);
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

  static Spec spec(GenProgram p, List<byte[]> frames) {
    return new Spec(p.name(), p.maps().stream().map(MapDef::name).toList(), p.seed(), frames);
  }
}
