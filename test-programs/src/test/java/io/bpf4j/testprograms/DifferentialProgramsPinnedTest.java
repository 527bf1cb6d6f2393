package io.bpf4j.testprograms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bpf4j.testprograms.ProgramGenerator.Knobs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The differential run's programs of a seed never change: its failures are replayed by seed, and a
 * seed once checked clean stays meaningful. Fuzz-only choices ({@link Knobs#FUZZ}) must not draw
 * from the random source in differential mode; this pins a digest of 240 classes of the CI seed.
 * {@code -Dbpf4j.dumpDifferential=FILE} writes their sources, to compare byte for byte.
 */
class DifferentialProgramsPinnedTest {
  private static final long SEED = 20261125L;
  private static final int CLASSES = 240;

  /** SHA-256 of the sources below, taken before the fuzz-only constructs were added. */
  private static final String PINNED =
      "ffc49bf7faf676d974da68f6609ae8a768b5fa10177ec13d3729cc57cd9acf0d";

  @Test
  void differentialProgramsOfTheCiSeedAreUnchanged() throws IOException, NoSuchAlgorithmException {
    StringBuilder all = new StringBuilder();
    for (int k = 0; k < CLASSES; k++) {
      ProgramClass c =
          new ProgramGenerator(SEED + k, Knobs.DIFFERENTIAL)
              .generateClass("diff.gen", "G" + k, 3, k % 4 != 3);
      all.append(ClassSource.of(c, "class " + k));
    }
    String dump = System.getProperty("bpf4j.dumpDifferential");
    if (dump != null) {
      Files.writeString(Path.of(dump), all);
    }
    byte[] digest =
        MessageDigest.getInstance("SHA-256")
            .digest(all.toString().getBytes(StandardCharsets.UTF_8));
    assertEquals(PINNED, HexFormat.of().formatHex(digest));
  }
}
