package io.bpf4j.processor.ir;

/**
 * A region of the 512-byte BPF stack. Its offset from r10 is fixed after register allocation, when
 * every slot (including spill slots) is known.
 */
public final class FrameSlot {
  /** Why the slot exists: users of a too-large frame are named by purpose in diagnostics. */
  public enum Purpose {
    OBJECT,
    SCRATCH,
    SPILL
  }

  private final String name;
  private int size;
  private final int align;
  private final Purpose purpose;
  private final int line;
  private int offset;
  private Object region;

  public FrameSlot(String name, int size, int align, Purpose purpose, int line) {
    this.name = name;
    this.size = size;
    this.align = align;
    this.purpose = purpose;
    this.line = line;
  }

  public String name() {
    return name;
  }

  public int size() {
    return size;
  }

  /** Grows a shared scratch slot so that it holds {@code bytes}. */
  public void growTo(int bytes) {
    size = Math.max(size, bytes);
  }

  public int align() {
    return align;
  }

  public Purpose purpose() {
    return purpose;
  }

  /** The source line that created the slot, for diagnostics. */
  public int line() {
    return line;
  }

  /**
   * The inlined call whose body alone uses this slot, or null for the function's own slots. Slots
   * of different inlined calls are never in use at the same time (nothing a callee creates outlives
   * it: methods cannot return objects), so regions may share stack bytes.
   */
  public Object region() {
    return region;
  }

  public void setRegion(Object region) {
    this.region = region;
  }

  /** The slot's (negative) offset from r10, once the frame is laid out. */
  public int offset() {
    return offset;
  }

  public void setOffset(int offset) {
    this.offset = offset;
  }

  @Override
  public String toString() {
    return name;
  }
}
