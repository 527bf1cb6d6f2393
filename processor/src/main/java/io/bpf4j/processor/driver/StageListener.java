package io.bpf4j.processor.driver;

/**
 * Receives the IR of each compiled function after each stage, as {@link
 * io.bpf4j.processor.ir.IrPrinter} prints it: for golden IR listings and debugging ({@code
 * -Abpf4j.irListing=true}). Only the attempt that succeeded is reported.
 */
@FunctionalInterface
public interface StageListener {
  StageListener NONE = (function, stage, listing) -> {};

  void after(String function, String stage, String listing);
}
