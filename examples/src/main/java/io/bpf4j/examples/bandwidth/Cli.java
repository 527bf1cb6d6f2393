package io.bpf4j.examples.bandwidth;

import io.bpf4j.runtime.BpfException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The small command-line vocabulary the seed's tools share: options, usage, and failures. */
public final class Cli {
  static final Path DEFAULT_PIN_DIR = Path.of("/sys/fs/bpf/my_test");

  private final List<String> positional = new ArrayList<>();
  private final List<String> flags = new ArrayList<>();
  private final java.util.Map<String, String> values = new java.util.HashMap<>();

  private Cli() {}

  /**
   * Parses {@code args}: {@code --name value} for the names in {@code valued}, {@code --flag}
   * otherwise, anything else positional. Prints {@code usage} and exits on {@code --help}.
   */
  static Cli parse(String[] args, String usage, String... valued) {
    Cli cli = new Cli();
    List<String> withValue = List.of(valued);
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        System.out.println(usage);
        System.exit(0);
      } else if (a.startsWith("--") && withValue.contains(a.substring(2))) {
        if (i + 1 >= args.length) {
          fail(a + " needs a value\n\n" + usage);
        }
        cli.values.put(a.substring(2), args[++i]);
      } else if (a.startsWith("--")) {
        cli.flags.add(a.substring(2));
      } else {
        cli.positional.add(a);
      }
    }
    return cli;
  }

  boolean flag(String name) {
    return flags.contains(name);
  }

  /** Rejects flags not in {@code known}. */
  Cli only(String usage, String... known) {
    for (String f : flags) {
      if (!List.of(known).contains(f)) {
        fail("unknown option --" + f + "\n\n" + usage);
      }
    }
    return this;
  }

  String value(String name, String defaultValue) {
    return values.getOrDefault(name, defaultValue);
  }

  Path pinDir() {
    return Path.of(value("pin-dir", DEFAULT_PIN_DIR.toString()));
  }

  String positional(int index, String defaultValue) {
    return index < positional.size() ? positional.get(index) : defaultValue;
  }

  /** Prints {@code message} as the tool's error and exits with status 1. */
  static void fail(String message) {
    System.err.println("error: " + message);
    System.exit(1);
  }

  /** Runs {@code body}, turning the runtime's exceptions into one clear line and exit status 1. */
  public static void run(String tool, ThrowingRunnable body) {
    try {
      body.run();
    } catch (BpfException e) {
      fail(tool + ": " + e.getMessage());
    } catch (Exception e) {
      fail(tool + ": " + e);
    }
  }

  /** A main body. */
  public interface ThrowingRunnable {
    void run() throws Exception;
  }
}
