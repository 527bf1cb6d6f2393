package io.bpf4j.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bpf4j.lang.SkBuff;
import io.bpf4j.object.kernel.Errno;
import io.bpf4j.object.kernel.ProgramType;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** bpf_skb_change_tail, change_head and adjust_room on a tc test run's skb. */
class SkbResizeTest {
  private static final byte[] FRAME = Frames.ipv4(60, 17);

  private static SimSkBuff tc(byte[] frame) {
    return SimSkBuff.testRun(ProgramType.SCHED_CLS, frame).build();
  }

  @Test
  void changeTailTrimsToTheMacHeaderAndGrowsWithZeros() {
    SimSkBuff skb = tc(FRAME);
    assertEquals(-Errno.EINVAL, skb.changeTail(13, 0));
    assertEquals(-Errno.EINVAL, skb.changeTail(80, 1));
    assertEquals(-Errno.EINVAL, skb.changeTail(SkbResize.MAX_LEN + 1, 0));
    assertEquals(0, skb.changeTail(80, 0));
    assertEquals(80, skb.len());
    assertArrayEquals(Arrays.copyOf(FRAME, 80), skb.data());
    assertEquals(0, skb.changeTail(14, 0));
    assertEquals(14, skb.len());
  }

  @Test
  void changeHeadPushesZeros() {
    SimSkBuff skb = tc(FRAME);
    assertEquals(-Errno.EINVAL, skb.changeHead(4, 1));
    assertEquals(0, skb.changeHead(4, 0));
    byte[] out = skb.data();
    assertArrayEquals(new byte[4], Arrays.copyOf(out, 4));
    assertArrayEquals(FRAME, Arrays.copyOfRange(out, 4, out.length));
  }

  @Test
  void adjustRoomInsertsAfterTheNetworkHeaderOrTheMacHeader() {
    SimSkBuff net = tc(FRAME);
    assertEquals(0, net.adjustRoom(8, SkBuff.ADJ_ROOM_NET, 0));
    byte[] out = net.data();
    assertArrayEquals(Arrays.copyOf(FRAME, 34), Arrays.copyOf(out, 34));
    assertArrayEquals(new byte[8], Arrays.copyOfRange(out, 34, 42));
    assertArrayEquals(Arrays.copyOfRange(FRAME, 34, 60), Arrays.copyOfRange(out, 42, 68));
    assertEquals(0, net.adjustRoom(-8, SkBuff.ADJ_ROOM_NET, 0));
    assertArrayEquals(FRAME, net.data());

    SimSkBuff mac = tc(FRAME);
    assertEquals(0, mac.adjustRoom(4, SkBuff.ADJ_ROOM_MAC, 0));
    assertArrayEquals(new byte[4], Arrays.copyOfRange(mac.data(), 14, 18));
  }

  @Test
  void adjustRoomRefusesWhatTheKernelRefuses() {
    SimSkBuff skb = tc(FRAME);
    assertEquals(-Errno.EFAULT, skb.adjustRoom(0x1000, SkBuff.ADJ_ROOM_NET, 0));
    assertEquals(-Errno.ENOTSUPP, skb.adjustRoom(4, 2, 0));
    assertEquals(-Errno.ENOTSUPP, skb.adjustRoom(-27, SkBuff.ADJ_ROOM_NET, 0));
    assertEquals(-Errno.EINVAL, skb.adjustRoom(4, SkBuff.ADJ_ROOM_NET, 1L << 7));
    assertEquals(-Errno.EINVAL, skb.adjustRoom(4, SkBuff.ADJ_ROOM_NET, 1L << 10));
    SimSkBuff arp = tc(Frames.frame(0x0806, 60));
    assertEquals(-Errno.ENOTSUPP, arp.adjustRoom(4, SkBuff.ADJ_ROOM_NET, 0));
  }
}
