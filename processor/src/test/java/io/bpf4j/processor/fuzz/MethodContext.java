package io.bpf4j.processor.fuzz;

import java.util.ArrayList;
import java.util.List;

/** The method being generated: its signature, context parameter, arrays and callable helpers. */
final class MethodContext {
  /** A generated static method that programs and later helpers may call. */
  record Helper(String name, String returnType, List<String> paramTypes) {}

  /** A constant-length array local declared at the top of a method. */
  record Arr(String name, String elementType, int length) {}

  /** Statements per method at most, so that programs stay small enough to read when they fail. */
  static final int STATEMENT_BUDGET = 40;

  /** {@code new} sites per method at most: each is a stack slot, and the stack has 512 bytes. */
  static final int NEW_SITES = 3;

  final String name;
  final String returnType;
  final String selfCall;

  /** The context parameter's name, or null in a helper. */
  final String ctx;

  final String ctxType;
  final boolean xdp;
  final List<Helper> callable;
  final List<Arr> arrays = new ArrayList<>();
  int newSites;
  int budget = STATEMENT_BUDGET;
  private int fresh;

  MethodContext(
      String name,
      String returnType,
      String selfCall,
      String ctx,
      String ctxType,
      boolean xdp,
      List<Helper> callable) {
    this.name = name;
    this.returnType = returnType;
    this.selfCall = selfCall;
    this.ctx = ctx;
    this.ctxType = ctxType;
    this.xdp = xdp;
    this.callable = callable;
  }

  /** A name not used before in this method. */
  String fresh(String prefix) {
    return prefix + fresh++;
  }

  boolean canAllocate() {
    return newSites < NEW_SITES;
  }
}
