package io.bpf4j.it.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.bpf4j.it.ExampleObjects;
import io.bpf4j.it.KernelAssumptions;
import io.bpf4j.object.LinkedObject;
import io.bpf4j.object.MapSpec;
import io.bpf4j.object.ObjectReader;
import io.bpf4j.object.kernel.MapType;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.VerifierException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Corrupt objects never get anything but a {@link BpfException} out of {@link
 * BpfRuntime#load(byte[], String)}: 10,000 seeded mutations (truncations, bit flips, byte
 * overwrites, random bytes) of the two example objects and of a clang-built object either load (and
 * are closed) or are rejected with a BpfException (a VerifierException included). Any other
 * Throwable is a bug; the test collects each distinct one with the seed and iteration that
 * reproduce it (and writes the bytes to {@code target/fuzz-failures/}). No file descriptor may stay
 * open afterwards. Mutations whose maps would take more than {@link #MAP_BYTES_LIMIT} of kernel
 * memory must be refused by the runtime's own limit ({@code bpf4j.maxMapBytes}, set to that for the
 * run) before it asks the kernel for them.
 *
 * <p>Another seed: {@code -Dbpf4j.fuzz.seed=<n>}; more iterations: {@code
 * -Dbpf4j.fuzz.iterations=<n>}. Iteration {@code i} draws everything from {@link #random(long,
 * int)}, so one failing iteration can be replayed alone.
 */
class CorruptObjectFuzzTest {
  /** At least 10,000; {@code -Dbpf4j.fuzz.iterations=<n>} runs more. */
  static final int ITERATIONS = Math.max(10_000, Integer.getInteger("bpf4j.fuzz.iterations", 0));

  static final long DEFAULT_SEED = 0x5EED_B4F4L;
  static final Duration LIMIT = Duration.ofMinutes(5);

  /**
   * Mutations that only make a map huge must be refused by the loader (its {@code
   * bpf4j.maxMapBytes} limit, lowered to this for the run): the kernel would really allocate it. A
   * flipped bit in {@code max_entries} of a prog array once asked for 2^29 + 1 slots, 4 GiB of
   * vmalloc'ed memory that root may have, which took the machine into the OOM killer; and freeing
   * such a prog array clears every slot in a kernel worker, minutes of CPU. That is the kernel
   * doing what it was asked, as it would for libbpf, not a fault of the loader.
   */
  static final long MAP_BYTES_LIMIT = 64L << 20;

  private static final Set<Integer> PER_CPU_TYPES = Set.of(5, 6, 10);

  enum Kind {
    TRUNCATE,
    BIT_FLIPS,
    BYTE_OVERWRITES,
    RANDOM_BYTES,
    RANDOM_AFTER_HEADER
  }

  @TempDir Path tmp;

  private volatile String current = "not started";

  /** The first message of each kind of rejection, to show what the loader says. */
  private final Map<String, String> examples = new TreeMap<>();

  @Test
  void mutatedObjectsLoadOrThrowBpfException() {
    KernelAssumptions.requireRoot();
    long seed = Long.getLong("bpf4j.fuzz.seed", DEFAULT_SEED);
    Map<String, byte[]> bases = new LinkedHashMap<>();
    bases.put("BandwidthMonitor", ExampleObjects.bytes(ExampleObjects.BANDWIDTH_MONITOR));
    bases.put("TailcallProgram", ExampleObjects.bytes(ExampleObjects.TAILCALL_PROGRAM));
    // Debug info names the source's directory; map the temporary one to a fixed name, so that the
    // object, and with it every mutation of a seed, is the same from run to run.
    Path clangObject =
        ClangObjectLoadTest.compile(
            tmp,
            "-mcpu=v4",
            "-fdebug-compilation-dir=/bpf4j",
            "-fdebug-prefix-map=" + tmp + "=/bpf4j");
    bases.put("clang_bandwidth_monitor", readAll(clangObject));
    // Every base loads as it is.
    bases.forEach((name, bytes) -> BpfRuntime.load(bytes, name).close());
    bases.forEach(
        (name, bytes) ->
            System.out.printf(
                "[bpf4j-it] fuzz base %s: %d bytes, sha256 %s%n",
                name, bytes.length, sha256(bytes)));

    int fdsBefore = OpenFds.settledCountWithoutSockets();
    long bpfFdsBefore = OpenFds.bpfCount();
    Map<String, Integer> outcomes = new TreeMap<>();
    Map<String, Integer> byKind = new TreeMap<>();
    Map<String, String> failures = new LinkedHashMap<>();
    long start = System.nanoTime();
    String maxMapBytes = System.setProperty("bpf4j.maxMapBytes", String.valueOf(MAP_BYTES_LIMIT));
    try {
      assertTimeoutPreemptively(
          LIMIT,
          () -> run(seed, bases, outcomes, byKind, failures),
          () -> "not done after " + LIMIT + "; stuck at " + current);
    } finally {
      if (maxMapBytes == null) {
        System.clearProperty("bpf4j.maxMapBytes");
      } else {
        System.setProperty("bpf4j.maxMapBytes", maxMapBytes);
      }
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    // Right after the run, before any GC: the runtime closes what it opened itself, so a count
    // that only the fd cleaners would bring back down is a leak too.
    TreeMap<Integer, String> exact = OpenFds.list();
    int fdsAfter = OpenFds.settledCountWithoutSockets();

    System.out.printf(
        "[bpf4j-it] fuzz: %d mutated objects through BpfRuntime.load (seed %d) in %d ms; outcomes %s; loaded by kind %s;"
            + " fds %d -> %d (before GC %d)%n",
        ITERATIONS, seed, ms, outcomes, byKind, fdsBefore, fdsAfter, exact.size());
    examples.forEach(
        (outcome, message) ->
            System.out.printf(
                "[bpf4j-it]   e.g. %s: %s%n",
                outcome, message.length() > 300 ? message.substring(0, 300) + "..." : message));
    if (!failures.isEmpty()) {
      fail(
          failures.size()
              + " distinct non-BpfException failure(s) (seed "
              + seed
              + "):\n\n"
              + String.join("\n\n", failures.values()));
    }
    // BPF fds are what loading creates; other fds (jars, the JVM's own) may come and go.
    assertEquals(bpfFdsBefore, OpenFds.bpfCount(), "BPF fds before and after the run: " + exact);
    assertTrue(
        fdsAfter <= fdsBefore,
        "open fds grew from " + fdsBefore + " to " + fdsAfter + ": " + exact);
  }

  private void run(
      long seed,
      Map<String, byte[]> bases,
      Map<String, Integer> outcomes,
      Map<String, Integer> byKind,
      Map<String, String> failures) {
    List<String> names = List.copyOf(bases.keySet());
    int loads = 0;
    for (int i = 0; loads < ITERATIONS; i++) {
      SplittableRandom random = random(seed, i);
      String baseName = names.get(random.nextInt(names.size()));
      Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
      byte[] mutated = mutate(bases.get(baseName), kind, random);
      String where =
          "seed "
              + seed
              + ", iteration "
              + i
              + ": "
              + kind
              + " of "
              + baseName
              + " ("
              + mutated.length
              + " bytes)";
      current = where;
      boolean huge = mapBytes(mutated) > MAP_BYTES_LIMIT;
      loads++;
      String outcome;
      try (BpfObject obj = BpfRuntime.load(mutated, "fuzz")) {
        outcome = "loaded";
        byKind.merge(kind.name(), 1, Integer::sum);
      } catch (VerifierException e) {
        outcome = "VerifierException";
        examples.putIfAbsent(outcome, where + ": " + e.getMessage());
      } catch (BpfException e) {
        outcome =
            e.getMessage().contains("more than the limit of")
                ? "BpfException(map size limit)"
                : e.errno() == 0 ? "BpfException(reader)" : "BpfException(errno " + e.errno() + ")";
        examples.putIfAbsent(outcome, where + ": " + e.getMessage());
      } catch (Throwable t) {
        outcome = "FAILURE " + t.getClass().getName();
        String key = t.getClass().getName() + " at " + topFrame(t);
        if (!failures.containsKey(key) && failures.size() < 20) {
          failures.put(key, where + " -> " + saved(seed, i, mutated) + "\n" + stackTrace(t));
        }
      }
      outcomes.merge(
          huge ? outcome + " [maps of > " + (MAP_BYTES_LIMIT >> 20) + " MiB]" : outcome,
          1,
          Integer::sum);
    }
  }

  /**
   * A rough upper bound of the kernel memory the object's maps would take, or 0 when the reader
   * rejects the object (then {@code BpfRuntime.load} must reject it too).
   */
  static long mapBytes(byte[] elf) {
    LinkedObject object;
    try {
      object = ObjectReader.read(elf, "fuzz");
    } catch (RuntimeException e) {
      return 0;
    }
    long total = 0;
    for (MapSpec m : object.maps()) {
      long entry = m.type() == MapType.RINGBUF.kernelId() ? 1 : 16L + m.keySize() + m.valueSize();
      if (PER_CPU_TYPES.contains(m.type())) {
        entry *= Runtime.getRuntime().availableProcessors();
      }
      total += Integer.toUnsignedLong(m.maxEntries()) * entry;
    }
    return total;
  }

  /** The random source of iteration {@code i}: reproducible from the seed and the iteration. */
  static SplittableRandom random(long seed, int i) {
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
  }

  static byte[] mutate(byte[] base, Kind kind, SplittableRandom r) {
    switch (kind) {
      case TRUNCATE:
        return Arrays.copyOf(base, r.nextInt(base.length));
      case BIT_FLIPS:
        {
          byte[] out = base.clone();
          int flips = 1 + r.nextInt(8);
          for (int k = 0; k < flips; k++) {
            int bit = r.nextInt(out.length * 8);
            out[bit / 8] ^= (byte) (1 << (bit % 8));
          }
          return out;
        }
      case BYTE_OVERWRITES:
        {
          byte[] out = base.clone();
          int writes = 1 + r.nextInt(16);
          for (int k = 0; k < writes; k++) {
            out[r.nextInt(out.length)] = (byte) r.nextInt(256);
          }
          return out;
        }
      case RANDOM_BYTES:
        {
          byte[] out = new byte[r.nextInt(4096)];
          fill(out, 0, r);
          return out;
        }
      case RANDOM_AFTER_HEADER:
        {
          // A valid ELF header (so the reader gets past the magic), then garbage.
          byte[] out = new byte[64 + r.nextInt(4096)];
          System.arraycopy(base, 0, out, 0, 64);
          fill(out, 64, r);
          return out;
        }
      default:
        throw new IllegalArgumentException(kind.name());
    }
  }

  private static void fill(byte[] out, int from, SplittableRandom r) {
    for (int k = from; k < out.length; k++) {
      out[k] = (byte) r.nextInt(256);
    }
  }

  private static String topFrame(Throwable t) {
    StackTraceElement[] st = t.getStackTrace();
    return st.length == 0 ? "?" : st[0].toString();
  }

  private static String stackTrace(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    String s = w.toString();
    return s.length() > 4000 ? s.substring(0, 4000) + "..." : s;
  }

  /** Keeps a failing input for reproduction; returns where. */
  private static String saved(long seed, int i, byte[] bytes) {
    try {
      Path dir = Path.of("target", "fuzz-failures");
      Files.createDirectories(dir);
      Path file = dir.resolve("seed" + seed + "-iteration" + i + ".o");
      Files.write(file, bytes);
      return file.toAbsolutePath().toString();
    } catch (IOException e) {
      return "(not saved: " + e + ")";
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] readAll(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
