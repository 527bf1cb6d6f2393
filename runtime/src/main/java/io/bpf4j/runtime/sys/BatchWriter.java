package io.bpf4j.runtime.sys;

/**
 * {@code BPF_MAP_UPDATE_BATCH} and {@code BPF_MAP_DELETE_BATCH} over {@code count} keys (and
 * values) laid out back to back. The errno is returned rather than thrown, because the count the
 * kernel wrote back (how many entries took effect) matters most when the call fails.
 */
final class BatchWriter {
  /** {@code sizeof} the batch member of {@code union bpf_attr}. */
  private static final int ATTR_SIZE = 56;

  private BatchWriter() {}

  static BatchWrite update(Fd map, byte[] keys, byte[] values, int count, long elemFlags) {
    Attr a =
        new Attr(ATTR_SIZE)
            .pointer(16, NativeBuffer.of(keys))
            .pointer(24, NativeBuffer.of(values))
            .u32(32, count)
            .fd(36, map)
            .u64(40, elemFlags);
    return call(BpfCommand.MAP_UPDATE_BATCH, a, count);
  }

  static BatchWrite delete(Fd map, byte[] keys, int count) {
    Attr a = new Attr(ATTR_SIZE).pointer(16, NativeBuffer.of(keys)).u32(32, count).fd(36, map);
    return call(BpfCommand.MAP_DELETE_BATCH, a, count);
  }

  private static BatchWrite call(BpfCommand command, Attr a, int count) {
    try {
      Syscalls.bpf(command, a);
      return new BatchWrite(count, 0);
    } catch (SyscallException e) {
      // A failure at entry i leaves i < count written back; a refusal before any entry (bad flags,
      // no batch support for the map kind) leaves the count as it was given.
      int written = a.getU32(32);
      return new BatchWrite(written < count ? written : 0, e.errno());
    }
  }
}
