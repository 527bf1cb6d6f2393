package io.bpf4j.processor.frontend;

import io.bpf4j.processor.model.ProgramModel;
import io.bpf4j.processor.model.StructLayout;

/** What translating one method needs from the class being compiled. */
public interface ClassContext {
  ProgramModel model();

  /** The layout of {@code @Struct} class {@code internalName}, or null if it is not one. */
  StructLayout struct(String internalName);

  /** The offset in {@code .rodata} of the NUL-terminated string {@code s}. */
  int internString(String s);

  /**
   * The symbol of the subprogram compiled from static method {@code name descriptor} of this class,
   * which is queued for compilation; null if the class has no such method. {@code line} is where
   * the call is, for reporting recursion.
   */
  String subprogram(String name, String descriptor, int line);

  /**
   * Whether static method {@code name descriptor} of this class may fail where Java would throw (a
   * division, an array access, a dereference, a packet read, or a call of such a method): its
   * callers then pass it a failure flag to check after the call.
   */
  boolean mayFail(String name, String descriptor);

  /**
   * The IR of static method {@code name descriptor} translated for inlining at a call on {@code
   * line} (see {@link MethodTranslator#asInlined}), or null when it is better called: too large,
   * too deep, recursive, or not a method of this class.
   *
   * @param nonNullParams which parameters receive values known not to be null
   * @param packetLoads whether the caller's packet reads may use LD_ABS / LD_IND
   */
  io.bpf4j.processor.ir.Function inline(
      String name, String descriptor, int line, boolean[] nonNullParams, boolean packetLoads);
}
