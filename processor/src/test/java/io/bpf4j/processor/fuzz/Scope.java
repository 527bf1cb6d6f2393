package io.bpf4j.processor.fuzz;

import java.util.List;

/**
 * What an injected statement may use at a hole of a {@link FuzzProgram}: the class, the method it
 * is in, the program context (if the method is a program) and the variables in scope.
 *
 * @param className the simple name of the generated class
 * @param method the name of the enclosing method
 * @param returnType {@code int}, {@code long} or {@code void}
 * @param selfCall a call of the enclosing method with its own parameters, for recursion
 * @param ctx the context parameter's name, or null in a method that is not a program
 * @param ctxType {@code SkBuff} or {@code XdpMd}, or null
 * @param xdp whether the enclosing program is an XDP program
 * @param ints int variables that may be read here ({@code acc} is always among them and writable)
 */
public record Scope(
    String className,
    String method,
    String returnType,
    String selfCall,
    String ctx,
    String ctxType,
    boolean xdp,
    List<String> ints) {

  /** Whether the enclosing method is a program, with a context parameter. */
  public boolean isProgram() {
    return ctx != null;
  }
}
