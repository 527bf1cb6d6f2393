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
}
