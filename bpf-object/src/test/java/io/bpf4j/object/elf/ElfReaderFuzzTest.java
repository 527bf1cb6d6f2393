package io.bpf4j.object.elf;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.object.ObjectFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Feeds the reader seeded random corruptions of valid objects: whatever the bytes, it must either
 * parse them or throw {@link ObjectFormatException}, never another exception, a huge allocation or
 * a hang. A failure names the iteration, so it can be replayed with the same seed.
 */
class ElfReaderFuzzTest {
  private static final long SEED = 0x6270663466757a7aL;
  private static final int ITERATIONS = 10_000;

  /** Values that tend to hit boundaries when written over sizes, offsets, counts and indices. */
  private static final long[] INTERESTING = {
    0,
    1,
    -1,
    0x7f,
    0x80,
    0xff,
    0xffff,
    0xff00,
    0xfff1,
    0x7fffffff,
    0x80000000L,
    0xffffffffL,
    Long.MAX_VALUE,
    Long.MIN_VALUE,
    24,
    64,
    4096
  };

  @Test
  void corruptObjectsOnlyThrowObjectFormatException() {
    byte[][] seeds = {SampleObjects.clangObject(), SampleObjects.sampleWriter().write()};
    Random random = new Random(SEED);
    int[] outcome = new int[2]; // parsed, rejected
    assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () -> {
          for (int i = 0; i < ITERATIONS; i++) {
            byte[] input = mutate(seeds[i % seeds.length], random);
            try {
              exercise(ElfReader.read(input));
              outcome[0]++;
            } catch (ObjectFormatException expected) {
              outcome[1]++;
            } catch (Throwable t) {
              throw new AssertionError("iteration " + i + " threw " + t, t);
            }
          }
        });
    // Both outcomes must be common, or the mutations are not testing much.
    assertTrue(outcome[0] > ITERATIONS / 20, "parsed " + outcome[0]);
    assertTrue(outcome[1] > ITERATIONS / 20, "rejected " + outcome[1]);
  }

  /** Touches everything a caller might, so that lazy work is fuzzed too. */
  private static void exercise(ElfFile elf) {
    for (Section s : elf.sections()) {
      s.data();
      for (Relocation r : elf.relocationsFor(s.index())) {
        elf.symbol(r.symbolIndex());
      }
      elf.section(s.name());
    }
  }

  private static byte[] mutate(byte[] original, Random random) {
    byte[] bytes = original.clone();
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits; e++) {
      bytes = edit(bytes, random);
    }
    return bytes;
  }

  private static byte[] edit(byte[] bytes, Random random) {
    if (bytes.length == 0) {
      return randomBytes(random, random.nextInt(128));
    }
    // Headers are where a single change does the most damage, so aim there half the time.
    int at = random.nextBoolean() ? headerOffset(bytes, random) : random.nextInt(bytes.length);
    switch (random.nextInt(7)) {
      case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
      case 1 -> bytes[at] = (byte) random.nextInt(256);
      case 2 -> putWord(bytes, at, INTERESTING[random.nextInt(INTERESTING.length)], random);
      case 3 -> putWord(bytes, at, random.nextLong(), random);
      case 4 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
      case 5 -> bytes = Arrays.copyOf(bytes, bytes.length + 1 + random.nextInt(256));
      default -> {
        int length = random.nextInt(Math.min(64, bytes.length - at) + 1);
        byte[] noise = randomBytes(random, length);
        System.arraycopy(noise, 0, bytes, at, length);
      }
    }
    return bytes;
  }

  /** A random offset in the ELF header or the section header table, when it is in the file. */
  private static int headerOffset(byte[] bytes, Random random) {
    if (bytes.length < Elf.EHDR_SIZE || random.nextInt(4) == 0) {
      return random.nextInt(Math.min(bytes.length, Elf.EHDR_SIZE));
    }
    long shoff = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(40);
    if (shoff < 0 || shoff >= bytes.length) {
      return random.nextInt(bytes.length);
    }
    return (int) shoff + random.nextInt(bytes.length - (int) shoff);
  }

  /** Writes the low 1, 2, 4 or 8 bytes of {@code value} at {@code at}, as far as they fit. */
  private static void putWord(byte[] bytes, int at, long value, Random random) {
    int width = 1 << random.nextInt(4);
    for (int i = 0; i < width && at + i < bytes.length; i++) {
      bytes[at + i] = (byte) (value >>> (8 * i));
    }
  }

  private static byte[] randomBytes(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }
}
