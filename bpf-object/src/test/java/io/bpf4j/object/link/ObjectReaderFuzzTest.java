package io.bpf4j.object.link;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.object.LinkedObject;
import io.bpf4j.object.MapSpec;
import io.bpf4j.object.ObjectFormatException;
import io.bpf4j.object.ObjectReader;
import io.bpf4j.object.elf.ElfFile;
import io.bpf4j.object.elf.ElfReader;
import io.bpf4j.object.elf.Section;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Feeds the reader seeded random corruptions of valid objects: whatever the bytes, it must return
 * or throw {@link ObjectFormatException}, never another exception, run out of memory or hang. Most
 * edits land inside one section's contents (BTF, symbols, relocations, code, map definitions), so
 * that many inputs get past the ELF checks and exercise the linker and the BTF fix-ups. A failure
 * names the iteration, to replay it with the same seed.
 */
class ObjectReaderFuzzTest {
  private static final long SEED = 0x6c6f616466757a7aL;
  private static final int ITERATIONS = 10_000;

  private static final long[] INTERESTING = {
    0,
    1,
    -1,
    2,
    3,
    4,
    7,
    8,
    12,
    16,
    0x7f,
    0x80,
    0xff,
    0xffff,
    0x7fffffff,
    0x80000000L,
    0xffffffffL,
    Long.MAX_VALUE,
    Long.MIN_VALUE
  };

  /** A valid object and where its sections' contents lie. */
  private record Seed(byte[] bytes, List<long[]> extents) {}

  @Test
  void corruptObjectsOnlyThrowObjectFormatException() {
    List<Seed> seeds =
        List.of(
            seed(TestObjects.ownObject()),
            seed(TestObjects.resource("linking.o")),
            seed(TestObjects.resource("bandwidth_monitor.o")),
            seed(TestObjects.resource("callback.o")));
    Random random = new Random(SEED);
    int[] outcome = new int[2]; // read, rejected
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          for (int i = 0; i < ITERATIONS; i++) {
            byte[] input = mutate(seeds.get(i % seeds.size()), random);
            try {
              exercise(ObjectReader.read(input, "fuzz.o"));
              outcome[0]++;
            } catch (ObjectFormatException expected) {
              outcome[1]++;
            } catch (Throwable t) {
              throw new AssertionError("iteration " + i + " threw " + t, t);
            }
          }
        });
    // Both outcomes must be common, or the mutations are not testing much.
    assertTrue(outcome[0] > ITERATIONS / 20, "read " + outcome[0]);
    assertTrue(outcome[1] > ITERATIONS / 20, "rejected " + outcome[1]);
  }

  /** Touches what a loader would, so that lazy work is fuzzed too. */
  private static void exercise(LinkedObject object) {
    if (object.hasBtf()) {
      var encoded = object.encodeBtf();
      for (LinkedProgram p : object.programs()) {
        for (LineInfoRecord l : p.lineInfo()) {
          encoded.offsetOf(l.fileName());
          encoded.offsetOf(l.lineText());
        }
      }
    }
    for (LinkedProgram p : object.programs()) {
      p.decode();
      for (MapReference r : p.mapReferences()) {
        object.map(r.mapName()).orElseThrow();
      }
    }
    for (MapSpec m : object.maps()) {
      m.kernelName();
      for (String program : m.initialPrograms()) {
        if (!program.isEmpty()) {
          object.program(program).orElseThrow();
        }
      }
    }
  }

  private static Seed seed(byte[] bytes) {
    ElfFile elf = ElfReader.read(bytes);
    List<long[]> extents = new ArrayList<>();
    for (Section s : elf.sections()) {
      if (s.index() != 0 && s.data().length > 0) {
        extents.add(new long[] {s.offset(), s.size()});
      }
    }
    return new Seed(bytes, extents);
  }

  private static byte[] mutate(Seed seed, Random random) {
    byte[] bytes = seed.bytes().clone();
    int edits = 1 + random.nextInt(3);
    for (int e = 0; e < edits; e++) {
      bytes = edit(bytes, seed, random);
    }
    return bytes;
  }

  private static byte[] edit(byte[] bytes, Seed seed, Random random) {
    if (bytes.length == 0) {
      return randomBytes(random, random.nextInt(128));
    }
    int at = target(bytes, seed, random);
    switch (random.nextInt(8)) {
      case 0, 1 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
      case 2 -> bytes[at] = (byte) random.nextInt(256);
      case 3 -> putWord(bytes, at, INTERESTING[random.nextInt(INTERESTING.length)], random);
      case 4 -> putWord(bytes, at, random.nextLong(), random);
      case 5 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
      case 6 -> bytes = Arrays.copyOf(bytes, bytes.length + 1 + random.nextInt(256));
      default -> {
        int length = random.nextInt(Math.min(32, bytes.length - at) + 1);
        byte[] noise = randomBytes(random, length);
        System.arraycopy(noise, 0, bytes, at, length);
      }
    }
    return bytes;
  }

  /** Mostly a byte inside one section's contents; sometimes anywhere, or in the headers. */
  private static int target(byte[] bytes, Seed seed, Random random) {
    int choice = random.nextInt(10);
    if (choice < 7 && !seed.extents().isEmpty()) {
      long[] extent = seed.extents().get(random.nextInt(seed.extents().size()));
      long at = extent[0] + (long) (random.nextDouble() * extent[1]);
      if (at < bytes.length) {
        return (int) at;
      }
    }
    if (choice == 7 && bytes.length >= 64) {
      long shoff = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(40);
      if (shoff >= 0 && shoff < bytes.length) {
        return (int) shoff + random.nextInt(bytes.length - (int) shoff);
      }
    }
    return random.nextInt(bytes.length);
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
