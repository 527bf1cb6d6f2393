package io.bpf4j.testprograms.golden;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoldenTest {
  @TempDir Path dir;

  @Test
  void comparesAndShowsADiff() throws Exception {
    Files.writeString(dir.resolve("a.txt"), "one\ntwo\nthree\n");
    Golden golden = new Golden(dir, dir.getParent(), "-Dbpf4j.bless=true");
    assertDoesNotThrow(() -> golden.check("a.txt", "one\ntwo\nthree\n"));
    AssertionError e = assertThrows(AssertionError.class, () -> golden.check("a.txt", "one\n2\n"));
    assertTrue(e.getMessage().contains(" one\n+2\n-two\n-three\n"), e.getMessage());
    assertTrue(e.getMessage().contains("@@ -1,3 +1,2 @@"), e.getMessage());
    assertThrows(AssertionError.class, () -> golden.check("b.txt", "x"));
    assertThrows(AssertionError.class, () -> golden.checkNoStaleFiles(List.of("c.txt")));
    assertEquals("one\ntwo\nthree\n", Files.readString(dir.resolve("a.txt")));
  }

  @Test
  void blessRewritesAndRemovesStaleFiles() throws Exception {
    Files.writeString(dir.resolve("a.txt"), "old\n");
    Files.writeString(dir.resolve("stale.txt"), "old\n");
    Golden golden = new Golden(dir, dir.getParent(), "-Dbpf4j.bless=true");
    String before = System.getProperty(Golden.BLESS_PROPERTY);
    System.setProperty(Golden.BLESS_PROPERTY, "true");
    try {
      golden.check("a.txt", "new\n");
      golden.checkNoStaleFiles(List.of("a.txt"));
    } finally {
      if (before == null) {
        System.clearProperty(Golden.BLESS_PROPERTY);
      } else {
        System.setProperty(Golden.BLESS_PROPERTY, before);
      }
    }
    assertEquals("new\n", Files.readString(dir.resolve("a.txt")));
    assertFalse(Files.exists(dir.resolve("stale.txt")));
  }

  @Test
  void unifiedDiffOfEqualTextsIsEmpty() {
    assertEquals("--- a\n+++ b\n", TextDiff.unified("a", "b", "x\ny\n", "x\ny\n"));
  }
}
