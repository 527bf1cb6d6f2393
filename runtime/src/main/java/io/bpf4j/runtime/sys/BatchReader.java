package io.bpf4j.runtime.sys;

import io.bpf4j.object.kernel.Errno;

/**
 * {@link MapBatch} over {@code BPF_MAP_LOOKUP_BATCH} or {@code BPF_MAP_LOOKUP_AND_DELETE_BATCH},
 * through native buffers allocated once. The batch token is opaque; its size must be at least the
 * key size.
 */
final class BatchReader implements MapBatch {
  private final Fd map;
  private final BpfCommand command;
  private final int keySize;
  private final int valueSize;
  private int max;
  private NativeBuffer keys;
  private NativeBuffer values;
  private final NativeBuffer inBatch;
  private final NativeBuffer outBatch;
  private boolean started;
  private boolean done;
  private int count;

  BatchReader(Fd map, int keySize, int valueSize, int max) {
    this(map, BpfCommand.MAP_LOOKUP_BATCH, keySize, valueSize, max);
  }

  BatchReader(Fd map, BpfCommand command, int keySize, int valueSize, int max) {
    this.map = map;
    this.command = command;
    this.keySize = keySize;
    this.valueSize = valueSize;
    int token = Math.max(8, keySize);
    this.inBatch = new NativeBuffer(token);
    this.outBatch = new NativeBuffer(token);
    resize(max);
  }

  private void resize(int newMax) {
    max = newMax;
    keys = new NativeBuffer(keySize * max);
    values = new NativeBuffer(valueSize * max);
  }

  @Override
  public boolean next() throws SyscallException {
    if (done) {
      return false;
    }
    while (true) {
      Attr a =
          new Attr(56)
              .pointer(8, outBatch)
              .pointer(16, keys)
              .pointer(24, values)
              .u32(32, max)
              .fd(36, map);
      if (started) {
        a.pointer(0, inBatch);
      }
      try {
        Syscalls.bpf(command, a);
      } catch (SyscallException e) {
        // ENOSPC: one hash bucket holds more entries than fit.
        if (e.errno() == Errno.ENOSPC && max < (1 << 22)) {
          resize(max * 4);
          continue;
        }
        if (e.errno() != Errno.ENOENT) {
          throw e;
        }
        done = true;
      }
      count = a.getU32(32);
      inBatch.put(0, outBatch.bytes());
      started = true;
      return count > 0 || !done;
    }
  }

  @Override
  public int count() {
    return count;
  }

  @Override
  public void keys(byte[] out) {
    keys.get(0, out, count * keySize);
  }

  @Override
  public void values(byte[] out) {
    values.get(0, out, count * valueSize);
  }

  @Override
  public int capacity() {
    return max;
  }
}
