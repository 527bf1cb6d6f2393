package io.bpf4j.testing;

import io.bpf4j.lang.SkBuff;
import io.bpf4j.object.kernel.Errno;
import io.bpf4j.object.kernel.ProgramType;
import java.util.Arrays;

/**
 * A simulated {@code struct __sk_buff}: the packet bytes the program sees (from {@code skb->data})
 * and the readable fields. {@link #testRun} builds what {@code BPF_PROG_TEST_RUN} shows a program
 * of a given type; {@link #builder} starts from raw bytes with every field 0. Both builders can
 * override any field.
 */
public final class SimSkBuff implements SkBuff {
  /** The loopback device's ifindex, on which the kernel's test runs happen. */
  public static final int LOOPBACK_IFINDEX = 1;

  private byte[] data;
  private int networkOffset;
  private final int pktType;
  private final int mark;
  private final int queueMapping;
  private int protocol;
  private boolean encapsulation;
  private int transportOffset = -1;
  private final int vlanPresent;
  private final int vlanTci;
  private final int vlanProto;
  private final int priority;
  private final int ingressIfindex;
  private final int ifindex;
  private final int tcIndex;
  private final int hash;
  private final int[] cb;
  private final long socketCookie;
  private final int socketUid;

  private SimSkBuff(Builder b) {
    this.data = b.data.clone();
    this.networkOffset = b.networkOffset;
    this.pktType = b.pktType;
    this.mark = b.mark;
    this.queueMapping = b.queueMapping;
    this.protocol = b.protocol;
    this.vlanPresent = b.vlanPresent;
    this.vlanTci = b.vlanTci;
    this.vlanProto = b.vlanProto;
    this.priority = b.priority;
    this.ingressIfindex = b.ingressIfindex;
    this.ifindex = b.ifindex;
    this.tcIndex = b.tcIndex;
    this.hash = b.hash;
    this.cb = b.cb.clone();
    this.socketCookie = b.socketCookie;
    this.socketUid = b.socketUid;
  }

  /**
   * What {@code BPF_PROG_TEST_RUN} shows a program of {@code type} for Ethernet frame {@code
   * frame}: the kernel builds an skb on the loopback device and runs {@code eth_type_trans}, so
   * socket filters and cgroup_skb programs see the data from the network header ({@code len} =
   * frame length - 14), tc programs the whole frame; {@code protocol} is the EtherType as the
   * kernel stores it (a big-endian 16-bit value, so byte-swapped in the int on this little-endian
   * model), {@code pkt_type} compares the destination with loopback's all-zero address, {@code
   * ifindex} is loopback's, every other field 0.
   *
   * @throws IllegalArgumentException for frames the kernel refuses with EINVAL: shorter than the
   *     Ethernet header, or IPv4 (IPv6) with fewer than 20 (40) bytes after it
   */
  public static Builder testRun(ProgramType type, byte[] frame) {
    if (type.context() == null || !type.context().isSkb()) {
      throw new IllegalArgumentException(type + " programs do not get an __sk_buff");
    }
    TestRunFrame f = TestRunFrame.skb(frame);
    byte[] data =
        type == ProgramType.SCHED_CLS
            ? frame
            : Arrays.copyOfRange(frame, TestRunFrame.ETH_HLEN, frame.length);
    return builder(data)
        .protocol(Short.toUnsignedInt(Short.reverseBytes((short) f.etherProtocol())))
        .pktType(f.pktType())
        .ifindex(LOOPBACK_IFINDEX)
        .networkOffset(type == ProgramType.SCHED_CLS ? TestRunFrame.ETH_HLEN : 0);
  }

  /** An skb whose data is exactly {@code data} ({@code len} = its length), every field 0. */
  public static Builder builder(byte[] data) {
    return new Builder(data);
  }

  /** A builder holding this skb's data and fields, to change some of them. */
  public Builder toBuilder() {
    Builder b = new Builder(data);
    b.pktType = pktType;
    b.mark = mark;
    b.queueMapping = queueMapping;
    b.protocol = protocol;
    b.vlanPresent = vlanPresent;
    b.vlanTci = vlanTci;
    b.vlanProto = vlanProto;
    b.priority = priority;
    b.ingressIfindex = ingressIfindex;
    b.ifindex = ifindex;
    b.tcIndex = tcIndex;
    b.hash = hash;
    b.cb = cb.clone();
    b.socketCookie = socketCookie;
    b.socketUid = socketUid;
    b.networkOffset = networkOffset;
    return b;
  }

  /** The packet bytes the program sees (as it left them, after a run). */
  public byte[] data() {
    return data.clone();
  }

  /**
   * What {@code BPF_PROG_TEST_RUN} copies to {@code data_out} for a program of {@code type}: the
   * data, behind 14 zero bytes where the program saw the packet from its network header (the kernel
   * pushes an empty Ethernet header back).
   */
  public byte[] dataOut(ProgramType type) {
    if (type == ProgramType.SCHED_CLS) {
      return data.clone();
    }
    byte[] out = new byte[TestRunFrame.ETH_HLEN + data.length];
    System.arraycopy(data, 0, out, TestRunFrame.ETH_HLEN, data.length);
    return out;
  }

  @Override
  public int len() {
    return data.length;
  }

  /** The simulator's packets are linear: all of {@link #len()}. */
  @Override
  public int linearLength() {
    return data.length;
  }

  @Override
  public int pktType() {
    return pktType;
  }

  @Override
  public int mark() {
    return mark;
  }

  @Override
  public int queueMapping() {
    return queueMapping;
  }

  @Override
  public int protocol() {
    return protocol;
  }

  @Override
  public int vlanPresent() {
    return vlanPresent;
  }

  @Override
  public int vlanTci() {
    return vlanTci;
  }

  @Override
  public int vlanProto() {
    return vlanProto;
  }

  @Override
  public int priority() {
    return priority;
  }

  @Override
  public int ingressIfindex() {
    return ingressIfindex;
  }

  @Override
  public int ifindex() {
    return ifindex;
  }

  @Override
  public int tcIndex() {
    return tcIndex;
  }

  @Override
  public int hash() {
    return hash;
  }

  @Override
  public int cb(int index) {
    return cb[index];
  }

  /** What {@code bpf_get_socket_cookie} returns for this skb. */
  public long socketCookie() {
    return socketCookie;
  }

  /** What {@code bpf_get_socket_uid} returns for this skb. */
  public int socketUid() {
    return socketUid;
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
   * {@code bpf_skb_load_bytes}: a negative offset or a range past the end is {@code -EFAULT}, with
   * {@code dst} zero-filled.
   */
  @Override
  public int loadBytes(int off, byte[] dst) {
    if (off < 0 || (long) off + dst.length > data.length) {
      Arrays.fill(dst, (byte) 0);
      return -Errno.EFAULT;
    }
    System.arraycopy(data, off, dst, 0, dst.length);
    return 0;
  }

  /** Sets the fields of a {@link SimSkBuff}. */
  public static final class Builder {
    private final byte[] data;
    private int pktType;
    private int mark;
    private int queueMapping;
    private int protocol;
    private int vlanPresent;
    private int vlanTci;
    private int vlanProto;
    private int priority;
    private int ingressIfindex;
    private int ifindex;
    private int tcIndex;
    private int hash;
    private int[] cb = new int[5];
    private long socketCookie = 1;
    private int socketUid;
    private int networkOffset;

    private Builder(byte[] data) {
      this.data = data.clone();
    }

    public Builder pktType(int v) {
      pktType = v;
      return this;
    }

    public Builder mark(int v) {
      mark = v;
      return this;
    }

    public Builder queueMapping(int v) {
      queueMapping = v;
      return this;
    }

    /** The protocol as the kernel stores it: the EtherType in network byte order. */
    public Builder protocol(int v) {
      protocol = v;
      return this;
    }

    public Builder vlanPresent(int v) {
      vlanPresent = v;
      return this;
    }

    public Builder vlanTci(int v) {
      vlanTci = v;
      return this;
    }

    public Builder vlanProto(int v) {
      vlanProto = v;
      return this;
    }

    public Builder priority(int v) {
      priority = v;
      return this;
    }

    public Builder ingressIfindex(int v) {
      ingressIfindex = v;
      return this;
    }

    public Builder ifindex(int v) {
      ifindex = v;
      return this;
    }

    public Builder tcIndex(int v) {
      tcIndex = v;
      return this;
    }

    public Builder hash(int v) {
      hash = v;
      return this;
    }

    /** {@code cb[index]}, index 0 to 4. */
    public Builder cb(int index, int v) {
      cb[index] = v;
      return this;
    }

    /** What {@code bpf_get_socket_cookie} returns (default 1). */
    public Builder socketCookie(long v) {
      socketCookie = v;
      return this;
    }

    /** What {@code bpf_get_socket_uid} returns (default 0: test runs are root's). */
    public Builder socketUid(int v) {
      socketUid = v;
      return this;
    }

    /**
     * Where the network header starts in the data (default 0; a tc test run sets 14): what {@code
     * bpf_skb_adjust_room} and {@code bpf_skb_change_tail} count from.
     */
    public Builder networkOffset(int v) {
      networkOffset = v;
      return this;
    }

    public SimSkBuff build() {
      return new SimSkBuff(this);
    }
  }

  @Override
  public void storeByte(int off, int value) {
    Packets.write(data, 0, data.length, off, 1, value);
  }

  @Override
  public void storeHalf(int off, int value) {
    Packets.write(data, 0, data.length, off, 2, value);
  }

  @Override
  public void storeWord(int off, int value) {
    Packets.write(data, 0, data.length, off, 4, value);
  }

  @Override
  public void storeBytes(int off, byte[] src) {
    Packets.writeBytes(data, 0, data.length, off, src);
  }

  @Override
  public int l3CsumReplace(int off, int from, int to, int size) {
    return SkbChecksums.l3Replace(this, off, from, to, size);
  }

  @Override
  public int l4CsumReplace(int off, int from, int to, int flags) {
    return SkbChecksums.l4Replace(this, off, from, to, flags);
  }

  @Override
  public int changeTail(int newLength, long flags) {
    return SkbResize.changeTail(this, newLength, flags);
  }

  @Override
  public int changeHead(int headroom, long flags) {
    return SkbResize.changeHead(this, headroom, flags);
  }

  @Override
  public int adjustRoom(int lengthDiff, int mode, long flags) {
    return SkbResize.adjustRoom(this, lengthDiff, mode, flags);
  }

  /** The live packet bytes, for the helpers that change them in place. */
  byte[] bytes() {
    return data;
  }

  /** Replaces the packet (after a helper changed its length). */
  void replaceBytes(byte[] newData) {
    data = newData;
  }

  /**
   * Where the network header starts in {@link #data}: 14 for a tc program's test run ({@code
   * skb->data} is at the MAC header), 0 where the data starts at the network header.
   */
  public int networkOffset() {
    return networkOffset;
  }

  void networkOffset(int v) {
    networkOffset = v;
  }

  void protocol(int v) {
    protocol = v;
  }

  /** Whether {@code bpf_skb_adjust_room} encapsulated the packet ({@code skb->encapsulation}). */
  boolean encapsulation() {
    return encapsulation;
  }

  void encapsulation(boolean v) {
    encapsulation = v;
  }

  /** The transport header's offset in the data, or -1 while none was set. */
  int transportOffset() {
    return transportOffset;
  }

  void transportOffset(int v) {
    transportOffset = v;
  }
}
