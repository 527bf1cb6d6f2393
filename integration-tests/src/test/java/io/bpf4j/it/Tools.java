package io.bpf4j.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs external tools with a timeout, capturing stdout and stderr for assertion messages. */
public final class Tools {
  private Tools() {}

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  /** The outcome of one command. */
  public record Result(List<String> command, int exitCode, String stdout, String stderr) {
    /** The command, exit code, stdout and stderr, for assertion messages. */
    public String describe() {
      return "command: "
          + String.join(" ", command)
          + "\nexit code: "
          + exitCode
          + "\n--- stdout ---\n"
          + stdout
          + "\n--- stderr ---\n"
          + stderr
          + "\n--------------";
    }

    /** Fails unless the command exited with 0. */
    public Result assertSuccess() {
      if (exitCode != 0) {
        fail("command failed\n" + describe());
      }
      return this;
    }
  }

  /** Runs {@code command} with {@link #DEFAULT_TIMEOUT}. */
  public static Result run(Object... command) {
    return run(DEFAULT_TIMEOUT, command);
  }

  /**
   * Runs {@code command} (each element is turned into a string, so paths may be passed as they are)
   * and waits at most {@code timeout}; a timeout fails the test with the output so far.
   */
  public static Result run(Duration timeout, Object... command) {
    List<String> args = new ArrayList<>();
    for (Object arg : command) {
      args.add(arg instanceof Path p ? p.toString() : String.valueOf(arg));
    }
    Process process;
    try {
      process = new ProcessBuilder(args).redirectInput(ProcessBuilder.Redirect.PIPE).start();
    } catch (IOException e) {
      throw new AssertionError("cannot start " + String.join(" ", args) + ": " + e, e);
    }
    try {
      process.getOutputStream().close();
    } catch (IOException ignored) {
      // Nothing to send anyway.
    }
    CompletableFuture<String> out = drain(process.getInputStream());
    CompletableFuture<String> err = drain(process.getErrorStream());
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
        fail(
            "timed out after "
                + timeout
                + "\n"
                + new Result(args, -1, out.getNow("<unread>"), err.getNow("<unread>")).describe());
      }
      return new Result(
          args, process.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + String.join(" ", args), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("cannot read the output of " + String.join(" ", args), e);
    }
  }

  /** Reads a stream to its end on a thread of its own, so that a full pipe never blocks. */
  private static CompletableFuture<String> drain(InputStream in) {
    CompletableFuture<String> result = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (in) {
                result.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e);
              }
            },
            "bpf4j-it-drain");
    reader.setDaemon(true);
    reader.start();
    return result;
  }
}
