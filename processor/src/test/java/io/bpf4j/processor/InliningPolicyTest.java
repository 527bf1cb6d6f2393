package io.bpf4j.processor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The inlining policy: small methods are inlined at every call, a large one only when the class
 * calls it from one place (its code exists once either way); a large method called from two places
 * stays a BPF-to-BPF call.
 */
class InliningPolicyTest {
  /** A static method of {@code name} well over the small-method limit of 120 instructions. */
  private static String[] large(String name) {
    return new String[] {
      "  static int " + name + "(int x) {",
      "    x = x * 3 + 0;",
      "    x = x * 3 + 1;",
      "    x = x * 3 + 2;",
      "    x = x * 3 + 3;",
      "    x = x * 3 + 4;",
      "    x = x * 3 + 5;",
      "    x = x * 3 + 6;",
      "    x = x * 3 + 7;",
      "    x = x * 3 + 8;",
      "    x = x * 3 + 9;",
      "    x = x * 3 + 10;",
      "    x = x * 3 + 11;",
      "    x = x * 3 + 12;",
      "    x = x * 3 + 13;",
      "    x = x * 3 + 14;",
      "    x = x * 3 + 15;",
      "    x = x * 3 + 16;",
      "    x = x * 3 + 17;",
      "    x = x * 3 + 18;",
      "    x = x * 3 + 19;",
      "    x = x * 3 + 20;",
      "    x = x * 3 + 21;",
      "    x = x * 3 + 22;",
      "    x = x * 3 + 23;",
      "    x = x * 3 + 24;",
      "    x = x * 3 + 25;",
      "    x = x * 3 + 26;",
      "    x = x * 3 + 27;",
      "    x = x * 3 + 28;",
      "    x = x * 3 + 29;",
      "    x = x * 3 + 30;",
      "    x = x * 3 + 31;",
      "    x = x * 3 + 32;",
      "    x = x * 3 + 33;",
      "    x = x * 3 + 34;",
      "    x = x * 3 + 35;",
      "    x = x * 3 + 36;",
      "    x = x * 3 + 37;",
      "    x = x * 3 + 38;",
      "    x = x * 3 + 39;",
      "    return x;",
      "  }",
    };
  }

  @Test
  void largeMethodCalledOnceIsInlinedCalledTwiceIsCalled() throws IOException {
    List<String> lines = new java.util.ArrayList<>();
    lines.addAll(
        List.of(
            "package p;",
            "import io.bpf4j.annotations.Section;",
            "import io.bpf4j.lang.SkBuff;",
            "public final class Policy {"));
    lines.addAll(List.of(large("once")));
    lines.addAll(List.of(large("twice")));
    lines.addAll(
        List.of(
            "  @Section(\"socket\")",
            "  public static int first(SkBuff skb) {",
            "    return once(skb.len()) + twice(skb.mark());",
            "  }",
            "  @Section(\"socket\")",
            "  public static int second(SkBuff skb) {",
            "    return twice(skb.len());",
            "  }",
            "}"));
    TestCompiler.Result result =
        TestCompiler.compile(
            Files.createTempDirectory("bpf4j-test"),
            List.of(TestCompiler.source("p.Policy", lines.toArray(String[]::new))),
            List.of("-Abpf4j.irListing=true"));
    assertTrue(result.success(), result.toString());
    String listing =
        new String(result.generated("p/Policy.ir.txt").orElseThrow(), StandardCharsets.UTF_8);

    assertFalse(listing.contains("== translate: function once"), listing);
    assertTrue(listing.contains("== translate: function twice"), listing);
    assertFalse(listing.contains("call once"), listing);
    assertTrue(listing.contains("call twice"), listing);
  }
}
