package io.bpf4j.processor.fuzz;

import java.util.List;

/**
 * One unsupported construct: a single-line statement (or none) and class members it needs (each one
 * line). javac must report an error containing one of {@code messages} on the statement's line, or
 * on one of the members marked as blamed.
 *
 * @param kind a short name of the construct, for reports
 * @param statement the statement injected at a hole, or null for a member-only construct
 * @param blameStatement whether an error on the statement's line is expected
 * @param members class members the construct needs, one line each
 * @param messages fragments of which the error message must contain at least one
 */
public record Injection(
    String kind,
    String statement,
    boolean blameStatement,
    List<Member> members,
    List<String> messages) {

  /** A one-line class member; {@code blamed} when the error may be reported on it. */
  public record Member(String text, boolean blamed) {}

  public Injection {
    if (statement != null && statement.contains("\n")) {
      throw new IllegalArgumentException("an injected statement is one line: " + statement);
    }
    for (Member m : members) {
      if (m.text().contains("\n")) {
        throw new IllegalArgumentException("an injected member is one line: " + m.text());
      }
    }
  }
}
