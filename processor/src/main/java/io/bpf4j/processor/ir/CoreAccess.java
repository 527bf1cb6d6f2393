package io.bpf4j.processor.ir;

import io.bpf4j.object.kernel.CoreRelocationKind;
import io.bpf4j.processor.model.KernelField;
import io.bpf4j.processor.model.KernelStructView;

/**
 * A CO-RE relocated question about one field of a kernel struct view: its offset, size or
 * existence. It becomes a {@code bpf_core_relo} record on the instruction that carries it, with
 * access string {@code 0:<member index>} from the view's local BTF struct.
 *
 * @param view the view the field belongs to
 * @param field the field
 * @param kind {@code enum bpf_core_relo_kind}
 */
public record CoreAccess(KernelStructView view, KernelField field, int kind) {

  /** The access string: the pointer itself (0), then the member. */
  public String accessString() {
    return "0:" + field.index();
  }

  /** What the instruction holds before relocation: the local definition's answer. */
  public long localValue() {
    return switch (kind) {
      case CoreRelocationKind.FIELD_BYTE_OFFSET -> field.localOffset();
      case CoreRelocationKind.FIELD_BYTE_SIZE -> field.size();
      case CoreRelocationKind.FIELD_EXISTS -> 1;
      default -> throw new IllegalStateException("CO-RE kind " + kind);
    };
  }

  @Override
  public String toString() {
    return CoreRelocationKind.name(kind) + " " + view.kernelName() + "." + field.name();
  }
}
