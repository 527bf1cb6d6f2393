package io.bpf4j.processor.model;

import io.bpf4j.object.kernel.CLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * The C layout of a {@code @Struct} class: fields in declaration order, each at its natural
 * alignment, and the size rounded up to the largest alignment.
 *
 * @param internalName the JVM internal name, e.g. {@code a/b/Outer$Counters}
 * @param cName the name the struct gets in BTF (the simple class name)
 */
public record StructLayout(
    String internalName, String cName, List<StructField> fields, int size, int align) {

  public StructLayout {
    fields = List.copyOf(fields);
  }

  /** Lays out the declared fields in order; an array has its element's alignment. */
  public static StructLayout of(String internalName, String cName, List<FieldDecl> decls) {
    int[] aligns =
        decls.stream()
            .mapToInt(
                d ->
                    d.descriptor().equals(LangNames.SPIN_LOCK_DESCRIPTOR)
                        ? 4 // struct bpf_spin_lock { __u32 val; }
                        : CLayout.sizeOfDescriptor(d.descriptor().replace("[", "")))
            .toArray();
    int[] sizes = new int[aligns.length];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = aligns[i] * Math.max(1, decls.get(i).length());
    }
    CLayout.Layout layout = CLayout.of(sizes, aligns);
    List<StructField> fields = new ArrayList<>();
    for (int i = 0; i < decls.size(); i++) {
      FieldDecl d = decls.get(i);
      fields.add(
          new StructField(
              d.name(), d.descriptor(), layout.offsets()[i], sizes[i], d.atomic(), d.length()));
    }
    return new StructLayout(internalName, cName, fields, layout.size(), layout.align());
  }

  /** The field named {@code name}, or null. */
  public StructField field(String name) {
    for (StructField f : fields) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    return null;
  }

  /** A declared field, before layout; {@code length} > 0 for a fixed array. */
  public record FieldDecl(String name, String descriptor, boolean atomic, int length) {
    public FieldDecl(String name, String descriptor, boolean atomic) {
      this(name, descriptor, atomic, 0);
    }
  }
}
