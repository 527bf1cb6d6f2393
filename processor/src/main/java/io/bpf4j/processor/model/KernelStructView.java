package io.bpf4j.processor.model;

import io.bpf4j.object.kernel.CLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code @KernelStruct} class: a view of kernel struct {@link #kernelName()} naming some of its
 * fields. In the object's BTF it becomes a struct of that name with just these fields, laid out in
 * order (clang writes the local definition of a {@code preserve_access_index} struct the same way);
 * CO-RE relocations start from it.
 *
 * @param internalName the JVM internal name of the view class
 * @param kernelName the kernel struct's name, possibly with a {@code ___flavor} suffix
 * @param fields the viewed fields in declaration order
 * @param size the local definition's size
 */
public record KernelStructView(
    String internalName, String kernelName, List<KernelField> fields, int size) {

  public KernelStructView {
    fields = List.copyOf(fields);
  }

  /** A viewed field before layout: its name, descriptor and array length (0 for a scalar). */
  public record FieldDecl(String name, String descriptor, int length) {}

  /** Lays the fields out in order, each at its natural alignment (a pointer: 8 bytes). */
  public static KernelStructView of(String internalName, String kernelName, List<FieldDecl> decls) {
    int[] sizes = new int[decls.size()];
    int[] aligns = new int[decls.size()];
    for (int i = 0; i < sizes.length; i++) {
      FieldDecl d = decls.get(i);
      int element =
          d.descriptor().startsWith("L")
              ? 8
              : CLayout.sizeOfDescriptor(d.descriptor().replace("[", ""));
      aligns[i] = element;
      sizes[i] = element * Math.max(1, d.length());
    }
    CLayout.Layout layout = CLayout.of(sizes, aligns);
    List<KernelField> fields = new ArrayList<>();
    for (int i = 0; i < sizes.length; i++) {
      FieldDecl d = decls.get(i);
      fields.add(
          new KernelField(d.name(), d.descriptor(), i, layout.offsets()[i], sizes[i], d.length()));
    }
    return new KernelStructView(internalName, kernelName, fields, layout.size());
  }

  /** The field named {@code name}, or null. */
  public KernelField field(String name) {
    for (KernelField f : fields) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    return null;
  }

  /** The Java class's simple name, for messages. */
  public String simpleName() {
    String s = internalName.substring(internalName.lastIndexOf('/') + 1);
    return s.substring(s.lastIndexOf('$') + 1);
  }
}
