package io.bpf4j.processor.diag;

/** A compile error in a method, with the method's name for errors without a line. */
public record MethodError(String method, CompileError error) {}
