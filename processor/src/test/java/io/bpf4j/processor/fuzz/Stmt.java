package io.bpf4j.processor.fuzz;

import java.util.List;

/** A statement of a generated method, kept as a tree so that a failing case can be shrunk. */
public sealed interface Stmt {
  /** One source line. */
  record Line(String text) implements Stmt {}

  /**
   * A compound statement: each header line is followed by its indented body, and {@code close} ends
   * the statement ({@code if (c) {}, {@code } else {}, {@code }}).
   */
  record Block(List<String> headers, List<List<Stmt>> bodies, String close) implements Stmt {
    public Block {
      if (headers.size() != bodies.size()) {
        throw new IllegalArgumentException("one body per header");
      }
    }

    static Block of(String header, List<Stmt> body, String close) {
      return new Block(List.of(header), List.of(body), close);
    }
  }

  /**
   * A place between two statements where an unsupported construct may be injected, with what is in
   * scope there. It renders as nothing unless something is injected into it.
   */
  record Hole(int id, Scope scope) implements Stmt {}
}
