package io.bpf4j.it.diff;

import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.it.corpus.Corpus;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Differential testing of random programs: {@link io.bpf4j.testprograms.ProgramGenerator} writes
 * program classes, javac compiles them with the processor, and each program runs in the kernel and
 * in the simulator on the same seeded frames from the same starting maps; return values and final
 * maps must agree, and the verifier must accept every program.
 *
 * <p>{@code -Dbpf4j.diff.programs=N} (default 5000) programs, {@code -Dbpf4j.diff.seed=S} replays a
 * run (the seed is printed first), {@code -Dbpf4j.diff.seconds=T} (default 420) bounds the time; a
 * failing program is shrunk and printed with both results.
 */
class RandomProgramsDiffTest {
  @Test
  void theSimulatorAgreesWithTheKernelOnRandomPrograms() {
    KernelAssumptions.requireBpffs();
    DiffCampaign.Settings settings = DiffCampaign.Settings.fromSystemProperties();
    Path work = Corpus.moduleDir().resolve("target/diff");
    new DiffCampaign(settings, work).run();
  }
}
