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
}
