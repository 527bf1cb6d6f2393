package io.bpf4j.object.btf;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.bpf4j.object.ObjectFormatException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Mutated blobs must only ever be rejected with {@link ObjectFormatException}; and whatever the
 * readers accept must be usable: lookups fail cleanly and the writers re-encode it.
 */
class BtfFuzzTest {

  private static final int ITERATIONS = 10_000;

  @Test
  void mutatedBtfOnlyThrowsObjectFormatException() {
    byte[] valid = BtfWriter.write(BtfRoundTripTest.everyKind(), List.of("xdp", "file.c")).bytes();
    int accepted =
        fuzz(
            valid,
            0xB7F1L,
            bytes -> {
              ParsedBtf parsed = BtfReader.read(bytes);
              Btf btf = parsed.btf();
              for (int id = -1; id <= btf.typeCount() + 1; id++) {
                int typeId = id;
                expectCleanFailure(() -> btf.sizeOf(typeId));
                expectCleanFailure(() -> btf.resolve(typeId));
              }
              for (int offset = -1; offset <= parsed.strings().size(); offset++) {
                int o = offset;
                expectCleanFailure(() -> parsed.stringAt(o));
              }
              BtfWriter.write(btf, List.of()); // anything parsed must re-encode
            });
    assertTrue(accepted > 100, "too few mutants parsed: " + accepted);
  }

  @Test
  void mutatedBtfExtOnlyThrowsObjectFormatException() {
    BtfExt sample = BtfExtTest.sample();
    BtfWriter.Encoded strings = BtfExtTest.strings(sample);
    ParsedBtf parsed = BtfReader.read(strings.bytes());
    byte[] valid = BtfExtWriter.write(sample, strings::offsetOf);
    int accepted =
        fuzz(
            valid,
            0xE77L,
            bytes -> {
              BtfExt ext = BtfExtReader.read(bytes, parsed::stringAt);
              BtfWriter.Encoded table = BtfWriter.write(new Btf(), BtfExtWriter.strings(ext));
              BtfExtWriter.write(ext, table::offsetOf);
            });
    assertTrue(accepted > 100, "too few mutants parsed: " + accepted);
  }

  /** Runs {@code reader} on mutants of {@code valid} and returns how many it accepted. */
  private static int fuzz(byte[] valid, long seed, Consumer<byte[]> reader) {
    Random random = new Random(seed);
    int accepted = 0;
    for (int i = 0; i < ITERATIONS; i++) {
      byte[] mutant = mutate(valid, random);
      try {
        reader.accept(mutant);
        accepted++;
      } catch (ObjectFormatException expected) {
        // rejected cleanly
      } catch (RuntimeException | Error e) {
        fail("iteration " + i + " threw " + e + " for " + Arrays.toString(mutant), e);
      }
    }
    return accepted;
  }

  private static byte[] mutate(byte[] valid, Random random) {
    byte[] bytes = valid.clone();
    int mutations = 1 + random.nextInt(3);
    for (int m = 0; m < mutations && bytes.length > 0; m++) {
      switch (random.nextInt(5)) {
        case 0 -> {
          int bit = random.nextInt(bytes.length * 8);
          bytes[bit / 8] ^= (byte) (1 << (bit % 8));
        }
        case 1 -> bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        case 2 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
        case 3 -> {
          // A whole aligned word set to a boundary value: lengths, counts and ids at their edges.
          int[] edges = {0, 1, 4, 8, 12, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0xffff, 0x8000};
          int word = random.nextInt(Math.max(1, bytes.length / 4)) * 4;
          int value = edges[random.nextInt(edges.length)];
          for (int b = 0; b < 4 && word + b < bytes.length; b++) {
            bytes[word + b] = (byte) (value >>> (8 * b));
          }
        }
        default -> {
          // Header fields are where lengths live; hit them more often.
          int at = random.nextInt(Math.min(32, bytes.length));
          bytes[at] = (byte) (bytes[at] + random.nextInt(9) - 4);
        }
      }
    }
    return bytes;
  }

  private static void expectCleanFailure(Runnable r) {
    try {
      r.run();
    } catch (ObjectFormatException expected) {
      // fine: bad ids and cycles are reported, not crashed on
    }
  }
}
