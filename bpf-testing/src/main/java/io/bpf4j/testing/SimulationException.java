package io.bpf4j.testing;

/**
 * The simulator cannot run what the program asks for, or the program did something the kernel gives
 * no defined result for (a {@code @Helper} native, a printk with missing arguments, an exception
 * BPF code cannot throw). The message names the program and what to change.
 */
public class SimulationException extends RuntimeException {
  public SimulationException(String message) {
    super(message);
  }

  public SimulationException(String message, Throwable cause) {
    super(message, cause);
  }
}
