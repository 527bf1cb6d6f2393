package io.bpf4j.processor.model;

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

  /** Lays out {@code (name, descriptor, atomic)} triples in order. */
  public static StructLayout of(String internalName, String cName, List<FieldDecl> decls) {
    List<StructField> fields = new ArrayList<>();
    int offset = 0;
    int align = 1;
    for (FieldDecl d : decls) {
      int size = StructField.sizeOf(d.descriptor());
      offset = (offset + size - 1) / size * size;
      fields.add(new StructField(d.name(), d.descriptor(), offset, size, d.atomic()));
      offset += size;
      align = Math.max(align, size);
    }
    int size = Math.max(1, (offset + align - 1) / align * align);
    return new StructLayout(internalName, cName, fields, size, align);
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

  /** A declared field, before layout. */
  public record FieldDecl(String name, String descriptor, boolean atomic) {}
}
