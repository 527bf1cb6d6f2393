package io.bpf4j.runtime.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bpf4j.object.link.LinkedProgram;
import io.bpf4j.object.link.MapReference;
import io.bpf4j.runtime.BpfException;
import io.bpf4j.runtime.fake.FakeKernel;
import io.bpf4j.runtime.sys.Fd;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Map fds patched into ld_imm64 instructions, the original left alone. */
class RelocationsTest {
  /** ld_imm64 r1, 0 (two slots); exit. */
  private static byte[] code() {
    return ByteBuffer.allocate(24)
        .order(ByteOrder.LITTLE_ENDIAN)
        .put((byte) 0x18)
        .put((byte) 0x01)
        .putShort((short) 0)
        .putInt(0)
        .putLong(0)
        .put((byte) 0x95)
        .put(new byte[7])
        .array();
  }

  private static LinkedProgram program(MapReference ref) {
    return new LinkedProgram("p", "socket", 1, 0, 0, code(), List.of(ref), List.of(), List.of());
  }

  @Test
  void aValueReferenceGetsTheFdAndTheOffset() {
    FakeKernel kernel = new FakeKernel(Path.of("/nonexistent"));
    Fd fd = new Fd(41, kernel);
    LinkedProgram p = program(new MapReference(0, "data", MapReference.Kind.VALUE, 12));
    byte[] out = Relocations.apply(p, Map.of("data", fd));
    ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(0x21, out[1] & 0xff, "src_reg 2 (BPF_PSEUDO_MAP_VALUE), dst_reg 1");
    assertEquals(41, b.getInt(4));
    assertEquals(12, b.getInt(12));
    assertArrayEquals(code(), p.instructions(), "the linked program is left as it was");
  }

  @Test
  void aReferenceToAnUndefinedMapIsAnError() {
    LinkedProgram p = program(new MapReference(0, "ghost", MapReference.Kind.FD, 0));
    BpfException e = assertThrows(BpfException.class, () -> Relocations.apply(p, Map.of()));
    assertEquals("program p refers to map ghost, which the object does not define", e.getMessage());
  }
}
