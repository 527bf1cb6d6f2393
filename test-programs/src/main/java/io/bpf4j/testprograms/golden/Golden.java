package io.bpf4j.testprograms.golden;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Golden files of one directory: text a test produces (a listing, a disassembly) compared with the
 * file checked in. With {@code -Dbpf4j.bless=true} the files are rewritten instead (and files of no
 * longer existing cases deleted); their diff is then reviewed like code. Golden files are never
 * edited by hand.
 */
public final class Golden {
  /** The system property that rewrites golden files. */
  public static final String BLESS_PROPERTY = "bpf4j.bless";

  private final Path dir;
  private final Path base;
  private final String blessCommand;

  /**
   * @param dir where the golden files are
   * @param base what paths in messages are relative to (the module directory)
   * @param blessCommand how to rewrite the files, for messages
   */
  public Golden(Path dir, Path base, String blessCommand) {
    this.dir = dir;
    this.base = base;
    this.blessCommand = blessCommand;
  }

  /** Whether this run rewrites golden files. */
  public static boolean blessing() {
    return Boolean.getBoolean(BLESS_PROPERTY);
  }

  /**
   * Checks {@code actual} against golden file {@code name}, or writes it when blessing; on a
   * difference fails with a unified diff.
   */
  public void check(String name, String actual) {
    Path golden = dir.resolve(name);
    try {
      if (blessing()) {
        Files.createDirectories(dir);
        Files.writeString(golden, actual, StandardCharsets.UTF_8);
        return;
      }
      if (!Files.exists(golden)) {
        throw new AssertionError(
            "no golden file "
                + base.relativize(golden)
                + "; generate it with "
                + blessCommand
                + ". The text is:\n"
                + actual);
      }
      String expected = Files.readString(golden, StandardCharsets.UTF_8);
      if (!expected.equals(actual)) {
        throw new AssertionError(
            base.relativize(golden)
                + " differs (rerun with "
                + blessCommand
                + " if the change is intended, and review the diff):\n"
                + TextDiff.unified(base.relativize(golden).toString(), "actual", expected, actual));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Golden files without a case among {@code names} (which would never be checked again): fails
   * naming them, or deletes them when blessing.
   */
  public void checkNoStaleFiles(Collection<String> names) {
    TreeSet<String> stale = new TreeSet<>();
    try {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> files = Files.list(dir)) {
          files.forEach(f -> stale.add(f.getFileName().toString()));
        }
      }
      stale.removeAll(names);
      if (blessing()) {
        for (String s : stale) {
          Files.delete(dir.resolve(s));
        }
        return;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!stale.isEmpty()) {
      throw new AssertionError(
          "golden files without a case in "
              + base.relativize(dir)
              + ": "
              + stale
              + " (remove them, or run with "
              + blessCommand
              + ")");
    }
  }
}
