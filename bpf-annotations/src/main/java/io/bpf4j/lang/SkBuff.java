package io.bpf4j.lang;

/**
 * The {@code struct __sk_buff} context of socket filters, tc and cgroup_skb programs. Each accessor
 * returns the field as the kernel stores it ({@link #protocol()} is in network byte order, as in
 * C).
 */
public interface SkBuff extends BpfContext {
  int len();

  int pktType();

  int mark();

  int queueMapping();

  int protocol();

  int vlanPresent();

  int vlanTci();

  int vlanProto();

  int priority();

  int ingressIfindex();

  int ifindex();

  int tcIndex();

  int hash();

  /** {@code cb[index]}, {@code index} in 0..4. */
  int cb(int index);

  /** The unsigned byte at {@code off}; a read past the packet's end ends the program with 0. */
  int loadByte(int off);

  /** The big-endian unsigned 16-bit value at {@code off}. */
  int loadHalf(int off);

  /** The big-endian 32-bit value at {@code off}. */
  int loadWord(int off);

  /** Copies {@code dst.length} bytes from {@code off}: 0 or a negative errno. */
  int loadBytes(int off, byte[] dst);

  /**
   * The length of the packet's linear part, {@code data_end - data}: the bytes a tc program reads
   * directly. Only tc and tcx programs may call it (a compile error elsewhere). A test such as
   * {@code if (skb.linearLength() < 34) return ...} becomes the bounds check C writes ({@code data
   * + 34 > data_end}), and the reads below 34 that it guards compile to direct loads without checks
   * of their own; without it, reads go through {@code LD_ABS}, which also reaches bytes beyond the
   * linear part. At most {@link #len()}.
   */
  int linearLength();

  /** {@code BPF_F_RECOMPUTE_CSUM}: {@link #storeBytes} also updates {@code skb->csum}. */
  long F_RECOMPUTE_CSUM = 1;

  /** {@code BPF_F_INVALIDATE_HASH}: the stored bytes change the flow hash. */
  long F_INVALIDATE_HASH = 2;

  /** {@code BPF_F_PSEUDO_HDR}: the changed field is part of the pseudo header (an IP address). */
  int F_PSEUDO_HDR = 0x10;

  /** {@code BPF_F_MARK_MANGLED_0}: a UDP checksum of 0 stays 0 (no checksum). */
  int F_MARK_MANGLED_0 = 0x20;

  /** {@code BPF_F_MARK_ENFORCE}: with {@link #F_MARK_MANGLED_0}, always mark. */
  int F_MARK_ENFORCE = 0x40;

  /** {@code BPF_ADJ_ROOM_NET}: {@link #adjustRoom} grows or shrinks room after the L3 header. */
  int ADJ_ROOM_NET = 0;

  /** {@code BPF_ADJ_ROOM_MAC}: {@link #adjustRoom} grows or shrinks room after the L2 header. */
  int ADJ_ROOM_MAC = 1;

  /**
   * Writes the low 8 bits of {@code value} at {@code off}; past the end ends with {@code onFault}.
   */
  void storeByte(int off, int value);

  /** Writes the low 16 bits of {@code value} big-endian at {@code off}, like {@link #loadHalf}. */
  void storeHalf(int off, int value);

  /** Writes {@code value} big-endian at {@code off}, like {@link #loadWord}. */
  void storeWord(int off, int value);

  /** Copies {@code src} into the packet at {@code off}; past the end ends with {@code onFault}. */
  void storeBytes(int off, byte[] src);

  /**
   * {@code bpf_l3_csum_replace}: fixes the checksum at {@code off} for a field changed from {@code
   * from} to {@code to}, values as {@link #loadHalf}/{@link #loadWord} return them; {@code size} is
   * 2 or 4. 0 or a negative errno.
   */
  int l3CsumReplace(int off, int from, int to, int size);

  /**
   * {@code bpf_l4_csum_replace}: as {@link #l3CsumReplace} for the L4 checksum at {@code off};
   * {@code flags} holds the field size (2 or 4) or'ed with {@link #F_PSEUDO_HDR} and {@link
   * #F_MARK_MANGLED_0}. 0 or a negative errno.
   */
  int l4CsumReplace(int off, int from, int to, int flags);

  /** {@code bpf_skb_change_tail}: the packet's new length. 0 or a negative errno. */
  int changeTail(int newLength, long flags);

  /**
   * {@code bpf_skb_change_head}: {@code headroom} new bytes at the front. 0 or a negative errno.
   */
  int changeHead(int headroom, long flags);

  /** {@code bpf_skb_adjust_room}: grows or shrinks room in {@code mode}. 0 or a negative errno. */
  int adjustRoom(int lengthDiff, int mode, long flags);
}
