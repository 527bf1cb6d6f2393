package io.bpf4j.object.kernel;

/**
 * The C layout rule for the structs bpf4j shares with the kernel and with clang-built objects:
 * fields in declaration order, each at its natural alignment (a scalar's size), and the struct's
 * size rounded up to its largest alignment. An empty struct takes one byte, so that every map value
 * and stack object has an address.
 */
public final class CLayout {
  /**
   * Where each field goes.
   *
   * @param offsets the byte offset of each field
   * @param size the struct's size
   * @param align the struct's alignment
   */
  public record Layout(int[] offsets, int size, int align) {}

  private CLayout() {}

  /** {@code offset} rounded up to a multiple of {@code align}. */
  public static int alignUp(int offset, int align) {
    return (offset + align - 1) / align * align;
  }

  /** Lays out scalar fields of the given sizes, each aligned to its own size. */
  public static Layout of(int... fieldSizes) {
    return of(fieldSizes, fieldSizes);
  }

  /**
   * Lays out fields of the given sizes and alignments: a fixed array ({@code char comm[16]}) has
   * its element's alignment, not its size.
   */
  public static Layout of(int[] fieldSizes, int[] fieldAligns) {
    int[] offsets = new int[fieldSizes.length];
    int offset = 0;
    int align = 1;
    for (int i = 0; i < fieldSizes.length; i++) {
      offset = alignUp(offset, fieldAligns[i]);
      offsets[i] = offset;
      offset += fieldSizes[i];
      align = Math.max(align, fieldAligns[i]);
    }
    return new Layout(offsets, Math.max(1, alignUp(offset, align)), align);
  }

  /** The size of a Java primitive field in C, by its JVM descriptor, or -1 for other types. */
  public static int sizeOfDescriptor(String descriptor) {
    return switch (descriptor) {
      case "Z", "B" -> 1;
      case "S", "C" -> 2;
      case "I" -> 4;
      case "J" -> 8;
      default -> -1;
    };
  }
}
