package io.bpf4j.testing;

import io.bpf4j.lang.BpfContext;
import io.bpf4j.lang.ProgArray;
import io.bpf4j.object.kernel.ProgramType;

/**
 * A simulated {@code BPF_MAP_TYPE_PROG_ARRAY}. {@link #tailCall} behaves as {@code bpf_tail_call}:
 * an index outside the array, an empty slot, or a chain already 33 tail calls long falls through to
 * the caller's next statement; otherwise the caller ends and the slot's program runs on the same
 * context, its result becoming the run's result.
 */
public final class SimProgArray implements ProgArray {
  /** {@code MAX_TAIL_CALL_CNT}: tail calls one run may make. */
  public static final int MAX_TAIL_CALLS = 33;

  private final String name;
  private final SimProgram[] slots;

  /**
   * The program type every slot must have: the kernel fixes it when the first program using the map
   * loads, and refuses others with EINVAL.
   */
  private ProgramType ownerType;

  SimProgArray(String name, int maxEntries) {
    this.name = name;
    this.slots = new SimProgram[maxEntries];
  }

  public String name() {
    return name;
  }

  public int maxEntries() {
    return slots.length;
  }

  /** Puts {@code program} into slot {@code index}, as a user-space map update does. */
  public void set(int index, SimProgram program) {
    checkIndex(index);
    if (program == null) {
      throw new NullPointerException("program; use clear(index) to empty a slot");
    }
    requireType(program.type(), "the kernel refuses " + program + " with EINVAL");
    slots[index] = program;
  }

  /** Empties slot {@code index}. */
  public void clear(int index) {
    checkIndex(index);
    slots[index] = null;
  }

  /** The program in slot {@code index}, or null. */
  public SimProgram get(int index) {
    checkIndex(index);
    return slots[index];
  }

  @Override
  public void tailCall(BpfContext ctx, int index) {
    RunContext run = RunContext.current();
    if (run == null) {
      throw new SimulationException(
          "tailCall on " + name + " outside a simulated run; call BpfSimulator.run(...)");
    }
    requireType(run.entryType(), "a " + run.entryType() + " program cannot use it");
    // The kernel checks the index, then the chain's length, then the slot; a call into an empty
    // slot does not count toward the limit (checked against Linux 6.18 by the integration tests).
    if (Integer.compareUnsigned(index, slots.length) >= 0 || !run.mayTailCall()) {
      return;
    }
    SimProgram target = slots[index];
    if (target != null) {
      run.countTailCall();
      throw new TailCallJump(target);
    }
  }

  private void requireType(ProgramType type, String consequence) {
    if (ownerType == null) {
      ownerType = type;
    } else if (ownerType != type) {
      throw new SimulationException(
          "prog array "
              + name
              + " belongs to "
              + ownerType
              + " programs; "
              + consequence
              + " (program types must match)");
    }
  }

  private void checkIndex(int index) {
    if (index < 0 || index >= slots.length) {
      throw new IndexOutOfBoundsException(
          "slot " + index + " of prog array " + name + ", which has " + slots.length + " slots");
    }
  }
}
