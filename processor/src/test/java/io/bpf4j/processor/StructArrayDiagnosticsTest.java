package io.bpf4j.processor;

import static io.bpf4j.processor.DiagnosticsTest.assertError;
import static io.bpf4j.processor.DiagnosticsTest.socket;

import io.bpf4j.processor.diag.Messages;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fixed arrays in a @Struct: the length comes from the initializer, the array is not a reference.
 */
class StructArrayDiagnosticsTest {
  private static final String BODY =
      """
      Rec r = new Rec();
      r.name[0] = 1;
      return r.name[0];
      """;

  @Test
  void anArrayFieldWithoutALengthIsAnError() {
    assertError(
        Messages.structArrayLength("Rec", "name"),
        socket(
            BODY,
            """
            @io.bpf4j.annotations.Struct
            public static final class Rec {
              public byte[] name; // <-
            }
            """));
  }

  @Test
  void aLengthThatIsNotAConstantIsAnError() {
    assertError(
        Messages.structArrayLength("Rec", "name"),
        socket(
            BODY,
            """
            static int n = 4;
            @io.bpf4j.annotations.Struct
            public static final class Rec {
              public byte[] name = new byte[n]; // <-
            }
            """));
  }

  @Test
  void replacingAnArrayFieldIsAnError() {
    assertError(
        Messages.structArrayAssigned("name"),
        socket(
            """
            Rec r = new Rec();
            r.name = new byte[16]; // <-
            return r.name[0];
            """,
            """
            @io.bpf4j.annotations.Struct
            public static final class Rec {
              public byte[] name = new byte[16];
            }
            """));
  }

  @Test
  void aConstantNamedLengthCompiles() {
    DiagnosticsTest.Src src =
        socket(
            BODY,
            """
            static final int COMM_LEN = 16;
            @io.bpf4j.annotations.Struct
            public static final class Rec {
              public long when;
              public byte[] name = new byte[COMM_LEN];
              public int[] counts = new int[3];
            }
            """);
    DiagnosticsTest.assertCompiles(List.of("p.Prog"), src.file());
  }
}
