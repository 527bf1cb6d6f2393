package io.bpf4j.processor.ir;

import io.bpf4j.object.insn.Register;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One function in IR: its blocks in layout order (the first is the entry), its registers and its
 * stack slots.
 */
public final class Function {
  private final String name;
  private final List<Block> blocks = new ArrayList<>();
  private final List<Reg> regs = new ArrayList<>();
  private final List<FrameSlot> slots = new ArrayList<>();
  private final Map<Register, Reg> fixed = new EnumMap<>(Register.class);
  private final java.util.Set<Reg> nullable = new java.util.LinkedHashSet<>();
  private final java.util.Map<Reg, String> mapPointers = new java.util.LinkedHashMap<>();
  private Reg failureFlag;
  private int faultValue;
  private Reg contextRegister;
  private Reg context;
  private final List<Block> failureBlocks = new ArrayList<>();
  private final java.util.Set<Block> coldBlocks = new java.util.HashSet<>();
  private final java.util.Map<Branch, Block> directArmChecks = new java.util.HashMap<>();
  private final List<int[]> helperCalls = new ArrayList<>();
  private final List<NewSite> newSites = new ArrayList<>();
  private int nextBlockId;

  public Function(String name) {
    this.name = name;
    for (int r = 0; r <= 5; r++) {
      Register reg = Register.of(r);
      Reg fixedReg = new Reg(regs.size(), Reg.Kind.LONG, reg, reg.toString());
      regs.add(fixedReg);
      fixed.put(reg, fixedReg);
    }
  }

  public String name() {
    return name;
  }

  public List<Block> blocks() {
    return blocks;
  }

  public Block entry() {
    return blocks.get(0);
  }

  public Block newBlock() {
    Block b = new Block(nextBlockId++);
    blocks.add(b);
    return b;
  }

  public Reg newReg(Reg.Kind kind, String name) {
    Reg r = new Reg(regs.size(), kind, null, name);
    regs.add(r);
    return r;
  }

  /**
   * A new virtual register at position {@code index} of the creation order: the registers from
   * there on move one up. For an inliner that splices a callee where the call was.
   */
  public Reg newRegAt(int index, Reg.Kind kind, String name) {
    Reg r = new Reg(index, kind, null, name);
    regs.add(index, r);
    renumberRegs(index);
    return r;
  }

  /** Moves {@code r} to position {@code index} of the creation order, renumbering the others. */
  public void moveReg(Reg r, int index) {
    int from = regs.indexOf(r);
    regs.remove(from);
    regs.add(index, r);
    renumberRegs(Math.min(from, index));
  }

  private void renumberRegs(int from) {
    for (int i = from; i < regs.size(); i++) {
      regs.get(i).setId(i);
    }
  }

  /**
   * The context register ({@link #contextRegister}) for an inliner: at creation position {@code
   * index} when it would have been created there, moved there when it was created later.
   */
  public Reg contextRegisterAt(int index) {
    if (contextRegister == null) {
      contextRegister = new Reg(index, Reg.Kind.REF, Register.R6, Register.R6.toString());
      regs.add(index, contextRegister);
      renumberRegs(index);
    } else if (contextRegister.id() > index) {
      moveReg(contextRegister, index);
    }
    return contextRegister;
  }

  /** The block created last, or null. */
  public Block lastCreatedBlock() {
    for (Block b : blocks) {
      if (b.id() == nextBlockId - 1) {
        return b;
      }
    }
    return null;
  }

  /**
   * A new block with id {@code id}, not yet laid out: the blocks from that id on move one up. For
   * an inliner that splices a callee where the call was.
   */
  public Block newBlockAt(int id) {
    for (Block b : blocks) {
      if (b.id() >= id) {
        b.setId(b.id() + 1);
      }
    }
    nextBlockId++;
    return new Block(id);
  }

  /** Inserts helper calls recorded by an inlined callee at position {@code index}. */
  public void insertHelperCalls(int index, List<int[]> calls) {
    helperCalls.addAll(index, calls);
  }

  /** Inserts nullable registers of an inlined callee after {@code after} (first when null). */
  public void insertNullable(Reg after, java.util.Collection<Reg> inserted) {
    List<Reg> order = new ArrayList<>(nullable);
    int at = after == null ? 0 : order.indexOf(after) + 1;
    order.addAll(at, inserted);
    nullable.clear();
    nullable.addAll(order);
  }

  /** The IR register fixed to machine register {@code r} (r0-r5 only). */
  public Reg fixed(Register r) {
    Reg reg = fixed.get(r);
    if (reg == null) {
      throw new IllegalArgumentException("no fixed IR register for " + r);
    }
    return reg;
  }

  /**
   * The IR register fixed to r6, where {@link PacketLoad} wants the context; created on first use
   * (it is not one of the registers a call clobbers).
   */
  public Reg contextRegister() {
    if (contextRegister == null) {
      contextRegister = new Reg(regs.size(), Reg.Kind.REF, Register.R6, Register.R6.toString());
      regs.add(contextRegister);
    }
    return contextRegister;
  }

  /** Records the register holding a program's context (its first parameter). */
  public void markContext(Reg r) {
    context = r;
  }

  /** The register holding the program's context, or null (a subprogram). */
  public Reg context() {
    return context;
  }

  /** r0-r5: what a call clobbers. */
  public List<Reg> callerSaved() {
    return List.copyOf(fixed.values());
  }

  /**
   * In a subprogram that can fail (where Java would throw), the register holding the address of its
   * caller's failure flag; null in programs, which simply return 0.
   */
  public Reg failureFlag() {
    return failureFlag;
  }

  public void setFailureFlag(Reg flag) {
    this.failureFlag = flag;
  }

  /** What a program returns where Java would throw: its section's {@code onFault} (default 0). */
  public int faultValue() {
    return faultValue;
  }

  public void setFaultValue(int value) {
    this.faultValue = value;
  }

  /**
   * Fills {@code b} with what a failure does: a program returns its {@link #faultValue}; a
   * subprogram first sets its caller's failure flag, so the caller fails too (BPF has no way to
   * unwind several frames).
   */
  public void failInto(Block b, int line) {
    failureBlocks.add(b);
    if (failureFlag != null) {
      b.add(new Store(failureFlag, 0, 8, new Imm(1), line));
    }
    Reg r0 = fixed(Register.R0);
    b.add(new Mov(r0, new Imm(faultValue), false, line));
    b.add(new Exit(r0, line));
  }

  /** Marks {@code b} as a rarely taken path, which layout moves out of the straight line. */
  public void markCold(Block b) {
    coldBlocks.add(b);
  }

  public boolean isCold(Block b) {
    return coldBlocks.contains(b);
  }

  /**
   * Records that {@code check} guards {@code directArm}, one arm of a packet read whose other arm
   * reads the same bytes a slower way: the optimizer may send every run to the other target when no
   * dominating check proves the direct one in bounds. The direct arm is what is recorded because it
   * stays the check's target, where the slow way's first block may be threaded past (a test there
   * that the optimizer decides).
   */
  public void markDirectArmCheck(Branch check, Block directArm) {
    directArmChecks.put(check, directArm);
  }

  /** The checks {@link #markDirectArmCheck} recorded, each with its direct arm. */
  public java.util.Map<Branch, Block> directArmChecks() {
    return directArmChecks;
  }

  /** The blocks {@link #failInto} filled: where an inliner puts its caller's failure path. */
  public List<Block> failureBlocks() {
    return Collections.unmodifiableList(failureBlocks);
  }

  /** Records a call of kernel helper {@code id} on source line {@code line}. */
  public void recordHelperCall(int id, int line) {
    helperCalls.add(new int[] {id, line});
  }

  /** The helpers this function calls, as (id, line) pairs. */
  public List<int[]> helperCalls() {
    return Collections.unmodifiableList(helperCalls);
  }

  /** Records a {@code new} of a {@code @Struct}, for the check that its objects do not overlap. */
  public void recordNewSite(NewSite site) {
    newSites.add(site);
  }

  /** The {@code new}s of this function (not those of inlined callees, checked on their own). */
  public List<NewSite> newSites() {
    return Collections.unmodifiableList(newSites);
  }

  /**
   * Records that {@code r} holds a map pointer, the result of a lookup in map of maps {@code
   * outer}, that BPF code passes to a map helper: the verifier takes it only after a null check.
   */
  public void markMapPointer(Reg r, String outer) {
    mapPointers.put(r, outer);
  }

  /** The registers {@link #markMapPointer} recorded, with the map of maps each came from. */
  public java.util.Map<Reg, String> mapPointers() {
    return java.util.Collections.unmodifiableMap(mapPointers);
  }

  /** Records that {@code r} may hold null (a map lookup's result, an object parameter). */
  public void markNullable(Reg r) {
    nullable.add(r);
  }

  public java.util.Set<Reg> nullable() {
    return java.util.Collections.unmodifiableSet(nullable);
  }

  public List<Reg> regs() {
    return Collections.unmodifiableList(regs);
  }

  public FrameSlot newSlot(String name, int size, int align, FrameSlot.Purpose purpose, int line) {
    FrameSlot s = new FrameSlot(name + slots.size(), size, align, purpose, line);
    slots.add(s);
    return s;
  }

  public List<FrameSlot> slots() {
    return slots;
  }
}
