package io.bpf4j.processor.frontend;

import io.bpf4j.processor.ir.Function;

/**
 * Decides at a call whether the callee is inlined, and if so translates it for splicing. The
 * frontend only knows this interface; the inlining stage ({@code inline.Inliner}) implements it.
 */
public interface CalleeInliner {
  /**
   * The IR of static method {@code name descriptor} translated for inlining at a call on {@code
   * line} (see {@link MethodTranslator#asInlined}), or null when it is better called: too large,
   * too deep, recursive, or not a method of this class.
   *
   * @param nonNullParams which parameters receive values known not to be null
   * @param packetLoads whether the caller's packet reads may use LD_ABS / LD_IND
   */
  Function inline(
      String name, String descriptor, int line, boolean[] nonNullParams, boolean packetLoads);
}
