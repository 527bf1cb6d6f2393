package io.bpf4j.examples.bandwidth;

import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfProgram;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.ProgArrayHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The seed's {@code add_tailcall}: loads TailcallProgram, puts it into slot 0 of the pinned {@code
 * tailcallMap}, and pins it so it stays in the slot after this process exits.
 */
public final class AddTailcall {
  static final String USAGE =
      String.join(
          "\n",
          "usage: AddTailcall [--pin-dir DIR] [--clear]",
          "",
          "Loads TailcallProgram, places it in slot 0 of the tailcallMap pinned under DIR (default",
          "/sys/fs/bpf/my_test) and pins it there as 'tailcall'. From then on socketFilter jumps",
          "to it. --clear empties slot 0 and removes that pin instead. Run TestLoad first.");

  private AddTailcall() {}

  public static void main(String[] args) {
    Cli cli = Cli.parse(args, USAGE, "pin-dir").only(USAGE, "clear");
    Path dir = cli.pinDir();
    Cli.run(
        "AddTailcall",
        () -> {
          try (ProgArrayHandle slots = ProgArrayHandle.openPinned(dir.resolve("tailcallMap"))) {
            if (cli.flag("clear")) {
              slots.clear(0);
              Files.deleteIfExists(dir.resolve("tailcall"));
              System.out.println("slot 0 of " + dir.resolve("tailcallMap") + " is empty again");
              return;
            }
            try (BpfObject obj = BpfRuntime.load(TailcallProgram.class)) {
              BpfProgram tail = obj.program("tailcall");
              Files.deleteIfExists(dir.resolve("tailcall"));
              tail.pin(dir.resolve("tailcall"));
              slots.set(0, tail);
              System.out.println(
                  "tailcall placed in slot 0 of "
                      + dir.resolve("tailcallMap")
                      + " and pinned at "
                      + dir.resolve("tailcall"));
            }
          }
        });
  }
}
