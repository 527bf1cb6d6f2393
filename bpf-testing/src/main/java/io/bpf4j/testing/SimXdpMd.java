package io.bpf4j.testing;

import io.bpf4j.lang.XdpMd;
import io.bpf4j.object.kernel.Errno;
import java.util.Arrays;

/**
 * A simulated {@code struct xdp_md} over an {@code xdp_buff}: one page holding headroom, metadata,
 * the frame and tailroom, laid out as {@code BPF_PROG_TEST_RUN} lays it out (256 bytes of {@code
 * XDP_PACKET_HEADROOM}, a 4096-byte frame size, the {@code skb_shared_info} reserve at the end).
 * {@link #testRun} is what a test run shows an XDP program (the whole frame, received on loopback's
 * queue 0); {@link #builder} sets the fields freely. Stores, {@code bpf_xdp_adjust_head}, {@code
 * _tail} and {@code _meta} change the buffer with the kernel's limits and errno values.
 */
public final class SimXdpMd implements XdpMd {
  /** {@code XDP_PACKET_HEADROOM}: where a test run (and a driver) puts the frame. */
  public static final int HEADROOM = 256;

  /** The test run's {@code frame_sz}: one page. */
  public static final int FRAME_SIZE = 4096;

  /**
   * {@code sizeof(struct xdp_frame)}: the start of the headroom that {@code adjust_head} and {@code
   * adjust_meta} keep free, since the kernel writes the frame descriptor there on redirect.
   */
  static final int XDP_FRAME_SIZE = 40;

  /** {@code SKB_DATA_ALIGN(sizeof(struct skb_shared_info))}: the tailroom growth cannot use. */
  static final int SHARED_INFO_SIZE = 320;

  /** The largest metadata area: {@code skb_shared_info.meta_len} is a u8, in whole u32s. */
  static final int MAX_META_LENGTH = 252;

  private static final int ETH_HLEN = 14;

  private final byte[] buffer = new byte[FRAME_SIZE];
  private int meta;
  private int data;
  private int dataEnd;
  private final int ingressIfindex;
  private final int rxQueueIndex;

  private SimXdpMd(byte[] frame, int ingressIfindex, int rxQueueIndex) {
    System.arraycopy(frame, 0, buffer, HEADROOM, frame.length);
    this.meta = HEADROOM;
    this.data = HEADROOM;
    this.dataEnd = HEADROOM + frame.length;
    this.ingressIfindex = ingressIfindex;
    this.rxQueueIndex = rxQueueIndex;
  }

  /**
   * The test-run view of {@code frame}.
   *
   * @throws IllegalArgumentException for a frame shorter than the Ethernet header (EINVAL), or
   *     longer than one XDP buffer (multi-buffer frames are not simulated)
   */
  public static Builder testRun(byte[] frame) {
    TestRunFrame.xdp(frame);
    return builder(frame).ingressIfindex(SimSkBuff.LOOPBACK_IFINDEX);
  }

  /** An XDP context over exactly {@code data}, on ifindex 0, queue 0. */
  public static Builder builder(byte[] data) {
    if (data.length > FRAME_SIZE - HEADROOM - SHARED_INFO_SIZE) {
      throw new IllegalArgumentException(
          data.length
              + " bytes do not fit one XDP buffer (at most "
              + TestRunFrame.XDP_MAX_LINEAR
              + ")");
    }
    return new Builder(data);
  }

  /** The packet bytes, from {@code data} to {@code data_end}. */
  public byte[] data() {
    return Arrays.copyOfRange(buffer, data, dataEnd);
  }

  /** The metadata area ({@code data_meta} to {@code data}), empty unless the program grew it. */
  public byte[] metadata() {
    return Arrays.copyOfRange(buffer, meta, data);
  }

  /**
   * What {@code BPF_PROG_TEST_RUN} copies to {@code data_out}: the metadata and the packet ({@code
   * data_meta} to {@code data_end}).
   */
  public byte[] dataOut() {
    return Arrays.copyOfRange(buffer, meta, dataEnd);
  }

  /** Bytes of headroom before the metadata: what {@code adjust_head} can still grow into. */
  public int headroom() {
    return meta - XDP_FRAME_SIZE;
  }

  @Override
  public int ingressIfindex() {
    return ingressIfindex;
  }

  @Override
  public int rxQueueIndex() {
    return rxQueueIndex;
  }

  @Override
  public int length() {
    return dataEnd - data;
  }

  @Override
  public int loadByte(int off) {
    return Packets.read(buffer, data, length(), off, 1);
  }

  @Override
  public int loadHalf(int off) {
    return Packets.read(buffer, data, length(), off, 2);
  }

  @Override
  public int loadWord(int off) {
    return Packets.read(buffer, data, length(), off, 4);
  }

  /**
   * {@code bpf_xdp_load_bytes}: an offset above 0xffff (a negative one included) is {@code
   * -EFAULT}, a range past the end {@code -EINVAL}; {@code dst} is left as it was on failure.
   */
  @Override
  public int loadBytes(int off, byte[] dst) {
    if (Integer.compareUnsigned(off, 0xffff) > 0 || dst.length > 0xffff) {
      return -Errno.EFAULT;
    }
    if (off + dst.length > length()) {
      return -Errno.EINVAL;
    }
    System.arraycopy(buffer, data + off, dst, 0, dst.length);
    return 0;
  }

  @Override
  public void storeByte(int off, int value) {
    Packets.write(buffer, data, length(), off, 1, value);
  }

  @Override
  public void storeHalf(int off, int value) {
    Packets.write(buffer, data, length(), off, 2, value);
  }

  @Override
  public void storeWord(int off, int value) {
    Packets.write(buffer, data, length(), off, 4, value);
  }

  @Override
  public void storeBytes(int off, byte[] src) {
    Packets.writeBytes(buffer, data, length(), off, src);
  }

  /**
   * {@code bpf_xdp_adjust_head}: {@code -EINVAL} when the new start would run into the {@code
   * xdp_frame} reserve (with the metadata, which moves along) or leave fewer than 14 bytes.
   */
  @Override
  public int adjustHead(int delta) {
    int metaLength = data - meta;
    long newData = (long) data + delta;
    if (newData < XDP_FRAME_SIZE + metaLength || newData > dataEnd - ETH_HLEN) {
      return -Errno.EINVAL;
    }
    if (metaLength > 0) {
      System.arraycopy(buffer, meta, buffer, meta + delta, metaLength);
    }
    meta += delta;
    data = (int) newData;
    return 0;
  }

  /**
   * {@code bpf_xdp_adjust_tail}: {@code -EINVAL} past the tailroom (the page less the {@code
   * skb_shared_info} reserve) or below 14 bytes; grown bytes are zeroed.
   */
  @Override
  public int adjustTail(int delta) {
    long newEnd = (long) dataEnd + delta;
    if (newEnd > FRAME_SIZE - SHARED_INFO_SIZE || newEnd < data + ETH_HLEN) {
      return -Errno.EINVAL;
    }
    if (delta > 0) {
      Arrays.fill(buffer, dataEnd, (int) newEnd, (byte) 0);
    }
    dataEnd = (int) newEnd;
    return 0;
  }

  /**
   * {@code bpf_xdp_adjust_meta}: {@code -EINVAL} when the metadata would start in the {@code
   * xdp_frame} reserve or after {@code data}, {@code -EACCES} for a length that is not a multiple
   * of 4 or above {@value #MAX_META_LENGTH}. Grown metadata keeps whatever the buffer held.
   */
  @Override
  public int adjustMeta(int delta) {
    long newMeta = (long) meta + delta;
    if (newMeta < XDP_FRAME_SIZE || newMeta > data) {
      return -Errno.EINVAL;
    }
    long metaLength = data - newMeta;
    if ((metaLength & 3) != 0 || metaLength > MAX_META_LENGTH) {
      return -Errno.EACCES;
    }
    meta = (int) newMeta;
    return 0;
  }

  /** Sets the fields of a {@link SimXdpMd}. */
  public static final class Builder {
    private final byte[] data;
    private int ingressIfindex;
    private int rxQueueIndex;

    private Builder(byte[] data) {
      this.data = data.clone();
    }

    public Builder ingressIfindex(int v) {
      ingressIfindex = v;
      return this;
    }

    public Builder rxQueueIndex(int v) {
      rxQueueIndex = v;
      return this;
    }

    public SimXdpMd build() {
      return new SimXdpMd(data, ingressIfindex, rxQueueIndex);
    }
  }
}
