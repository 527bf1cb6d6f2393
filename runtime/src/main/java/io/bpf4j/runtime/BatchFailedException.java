package io.bpf4j.runtime;

/**
 * A batch operation on a map ({@link MapHandle#putAll}, {@link MapHandle#deleteAll}) that stopped
 * part way: the kernel applies entries in order, so the first {@link #done()} entries (in the
 * iteration order of the collection given) took effect and the rest did not.
 */
public final class BatchFailedException extends BpfException {
  private final int done;

  public BatchFailedException(int errno, int done, String message, Throwable cause) {
    super(errno, message + " (" + done + " entries done before the failure)", cause);
    this.done = done;
  }

  /** How many entries took effect before the failure. */
  public int done() {
    return done;
  }
}
