package io.bpf4j.testing;

import io.bpf4j.lang.XdpMd;
import io.bpf4j.object.kernel.Errno;

/**
 * A simulated {@code struct xdp_md}: the frame and the receive queue. {@link #testRun} is what
 * {@code BPF_PROG_TEST_RUN} shows an XDP program (the whole frame, received on loopback's queue 0);
 * {@link #builder} sets the fields freely.
 */
public final class SimXdpMd implements XdpMd {
  private final byte[] data;
  private final int ingressIfindex;
  private final int rxQueueIndex;

  private SimXdpMd(byte[] data, int ingressIfindex, int rxQueueIndex) {
    this.data = data.clone();
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
    return new Builder(data);
  }

  /** The packet bytes. */
  public byte[] data() {
    return data.clone();
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
    return data.length;
  }

  @Override
  public int loadByte(int off) {
    return Packets.read(data, off, 1);
  }

  @Override
  public int loadHalf(int off) {
    return Packets.read(data, off, 2);
  }

  @Override
  public int loadWord(int off) {
    return Packets.read(data, off, 4);
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
    if (off + dst.length > data.length) {
      return -Errno.EINVAL;
    }
    System.arraycopy(data, off, dst, 0, dst.length);
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

  @Override
  public void storeByte(int off, int value) {
    throw new UnsupportedOperationException("not simulated yet (issue 15)");
  }

  @Override
  public void storeHalf(int off, int value) {
    throw new UnsupportedOperationException("not simulated yet (issue 15)");
  }

  @Override
  public void storeWord(int off, int value) {
    throw new UnsupportedOperationException("not simulated yet (issue 15)");
  }

  @Override
  public void storeBytes(int off, byte[] src) {
    throw new UnsupportedOperationException("not simulated yet (issue 15)");
  }

  @Override
  public int adjustHead(int delta) {
    throw new UnsupportedOperationException("not simulated yet (issue 15)");
  }

  @Override
  public int adjustTail(int delta) {
    throw new UnsupportedOperationException("not simulated yet (issue 15)");
  }

  @Override
  public int adjustMeta(int delta) {
    throw new UnsupportedOperationException("not simulated yet (issue 15)");
  }
}
