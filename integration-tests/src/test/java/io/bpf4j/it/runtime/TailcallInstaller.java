package io.bpf4j.it.runtime;

import io.bpf4j.examples.bandwidth.TailcallProgram;
import io.bpf4j.runtime.BpfObject;
import io.bpf4j.runtime.BpfProgram;
import io.bpf4j.runtime.BpfRuntime;
import io.bpf4j.runtime.ProgArrayHandle;
import java.nio.file.Path;

/**
 * Child JVM of {@link SecondProcessTest}, the seed's {@code AddTailcall}: loads TailcallProgram,
 * puts its program into slot 0 of the prog array pinned at {@code args[0]} and pins the program at
 * {@code args[1]}, so that it outlives this process; then exits.
 */
public final class TailcallInstaller {
  private TailcallInstaller() {}

  public static void main(String[] args) {
    try (BpfObject obj = BpfRuntime.load(TailcallProgram.class);
        ProgArrayHandle slots = ProgArrayHandle.openPinned(Path.of(args[0]))) {
      BpfProgram tail = obj.program("tailcall");
      slots.set(0, tail);
      tail.pin(Path.of(args[1]));
      System.out.println("installed=" + tail.name());
    }
  }
}
