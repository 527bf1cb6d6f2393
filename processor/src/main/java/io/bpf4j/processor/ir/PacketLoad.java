package io.bpf4j.processor.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A classic packet load, {@code LD_ABS} ({@code r0 = ntoh(*(size *)skb[imm])}) or {@code LD_IND}
 * ({@code r0 = ntoh(*(size *)skb[src + imm])}): the kernel expands it into a call of its own load
 * helper that reads the packet from r6 (which must hold the context), clobbers r0-r5 like any call,
 * and ends the program with 0 when the read runs past the packet's end — exactly what a Java read
 * past the end must do. Only socket filters and tc programs may use it, and only in the program's
 * own function: a subprogram's "end with 0" would return to its caller instead.
 */
public final class PacketLoad extends Insn {
  private Reg context;
  private final int size;
  private List<Reg> clobbered;
  private Operand offset;
  private int displacement;

  /**
   * @param context the fixed r6, holding the context
   * @param offset an {@link Imm} (LD_ABS) or an INT register (LD_IND)
   * @param clobbered r0-r5; r0 receives the value
   */
  public PacketLoad(Reg context, Operand offset, int size, List<Reg> clobbered, int line) {
    super(line);
    this.context = context;
    this.offset = offset;
    this.size = size;
    this.clobbered = List.copyOf(clobbered);
  }

  public int size() {
    return size;
  }

  /** The constant offset (LD_ABS), or the register part of the offset (LD_IND). */
  public Operand offset() {
    return offset;
  }

  /** The constant added to a register offset (the LD_IND immediate). */
  public int displacement() {
    return displacement;
  }

  /** Folds {@code offset = base + k} into the instruction: reads {@code skb[base + k]}. */
  public void fold(Reg base, int k) {
    this.offset = base;
    this.displacement += k;
  }

  @Override
  public List<Reg> uses() {
    List<Reg> out = new ArrayList<>(List.of(context));
    if (offset instanceof Reg r) {
      out.add(r);
    }
    return out;
  }

  @Override
  public List<Reg> defs() {
    return clobbered;
  }

  @Override
  public void mapUses(UnaryOperator<Operand> f) {
    context = (Reg) f.apply(context);
    Operand mapped = f.apply(offset);
    if (mapped instanceof Imm i) {
      // A register offset that turned out constant: LD_ABS.
      offset = new Imm((int) i.value() + displacement);
      displacement = 0;
    } else {
      offset = mapped;
    }
  }

  @Override
  public void mapDefs(UnaryOperator<Reg> f) {
    clobbered = clobbered.stream().map(f).toList();
  }

  @Override
  public boolean hasSideEffects() {
    return true;
  }

  @Override
  public String toString() {
    String where = offset instanceof Imm ? offset.toString() : offset + " + " + displacement;
    return "r0 = ntoh(*(u" + size * 8 + " *)skb[" + where + "])";
  }

  @Override
  public PacketLoad copy() {
    PacketLoad p = new PacketLoad(context, offset, size, clobbered, line());
    p.displacement = displacement;
    return p;
  }
}
