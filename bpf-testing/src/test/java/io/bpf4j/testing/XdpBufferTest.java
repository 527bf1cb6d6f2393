package io.bpf4j.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bpf4j.object.kernel.Errno;
import org.junit.jupiter.api.Test;

/** The limits of bpf_xdp_adjust_head, _tail and _meta on a test run's buffer. */
class XdpBufferTest {
  private static final byte[] FRAME = Frames.ipv4(60, 17);

  private static SimXdpMd ctx() {
    return SimXdpMd.testRun(FRAME).build();
  }

  @Test
  void headGrowsUpToTheXdpFrameReserve() {
    SimXdpMd x = ctx();
    assertEquals(-Errno.EINVAL, x.adjustHead(-217));
    assertEquals(0, x.adjustHead(-216));
    assertEquals(60 + 216, x.length());
    assertEquals(0, x.loadByte(0), "grown head bytes are whatever the headroom held: zeros");
  }

  @Test
  void headShrinksToFourteenBytes() {
    SimXdpMd x = ctx();
    assertEquals(-Errno.EINVAL, x.adjustHead(47));
    assertEquals(0, x.adjustHead(46));
    assertEquals(14, x.length());
    assertEquals(FRAME[46] & 0xff, x.loadByte(0));
  }

  @Test
  void tailGrowsToThePageLessSharedInfoAndShrinksToFourteenBytes() {
    SimXdpMd x = ctx();
    int room = SimXdpMd.FRAME_SIZE - SimXdpMd.SHARED_INFO_SIZE - SimXdpMd.HEADROOM - 60;
    assertEquals(-Errno.EINVAL, x.adjustTail(room + 1));
    assertEquals(0, x.adjustTail(room));
    assertEquals(0, x.loadByte(x.length() - 1));
    assertEquals(0, x.adjustTail(-(x.length() - 14)));
    assertEquals(-Errno.EINVAL, x.adjustTail(-1));
  }

  @Test
  void metadataIsWholeWordsBoundedAndMovesWithTheHead() {
    SimXdpMd x = ctx();
    assertEquals(-Errno.EACCES, x.adjustMeta(-3));
    assertEquals(-Errno.EINVAL, x.adjustMeta(-220), "into the xdp_frame reserve");
    assertEquals(-Errno.EINVAL, x.adjustMeta(4));
    assertEquals(0, x.adjustMeta(-8));
    byte[] before = x.metadata();
    assertEquals(8, before.length);
    assertEquals(-Errno.EINVAL, x.adjustHead(-(256 - 40 - 8) - 1));
    assertEquals(0, x.adjustHead(-(256 - 40 - 8)));
    assertArrayEquals(before, x.metadata());
    assertEquals(0, x.headroom());
    assertEquals(8 + 60 + 208, x.dataOut().length);
  }

  @Test
  void writesAreBigEndianAndBoundsChecked() {
    SimXdpMd x = ctx();
    x.storeWord(56, 0x01020304);
    assertEquals(0x0304, x.loadHalf(58));
    org.junit.jupiter.api.Assertions.assertThrows(
        PacketWriteException.class, () -> x.storeWord(57, 0));
    org.junit.jupiter.api.Assertions.assertThrows(
        PacketWriteException.class, () -> x.storeByte(-1, 0));
  }
}
