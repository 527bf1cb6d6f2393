package io.bpf4j.it.diff;

import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.it.corpus.Corpus;
import io.bpf4j.testprograms.ProgramGenerator;
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

  /**
   * The same for tc and XDP programs that also write packets ({@code storeByte/Half/Word} at
   * generated offsets, some past the end): {@code data_out} must agree too. {@code
   * -Dbpf4j.diff.writes.programs=N} (default 600) and {@code -Dbpf4j.diff.writes.seconds=T}
   * (default 120) bound it.
   */
  @Test
  void theSimulatorAgreesWithTheKernelOnRandomProgramsThatWritePackets() {
    KernelAssumptions.requireBpffs();
    DiffCampaign.Settings all = DiffCampaign.Settings.fromSystemProperties();
    DiffCampaign.Settings settings =
        new DiffCampaign.Settings(
            all.seed(),
            Integer.getInteger("bpf4j.diff.writes.programs", 600),
            java.time.Duration.ofSeconds(Long.getLong("bpf4j.diff.writes.seconds", 120)),
            all.programsPerClass(),
            all.classesPerRun(),
            all.framesPerProgram(),
            all.shrinkLimit(),
            all.only());
    Path work = Corpus.moduleDir().resolve("target/diff-writes");
    new DiffCampaign(settings, work, ProgramGenerator.Knobs.PACKET_WRITES).run();
  }
}
