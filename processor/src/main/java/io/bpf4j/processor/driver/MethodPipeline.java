package io.bpf4j.processor.driver;

import io.bpf4j.object.FunctionSpec;
import io.bpf4j.object.insn.Code;
import io.bpf4j.object.insn.Register;
import io.bpf4j.object.kernel.ProgramType;
import io.bpf4j.processor.check.RingRecords;
import io.bpf4j.processor.diag.CompileError;
import io.bpf4j.processor.diag.Messages;
import io.bpf4j.processor.emit.BlockLayout;
import io.bpf4j.processor.emit.Emitter;
import io.bpf4j.processor.emit.FrameLayout;
import io.bpf4j.processor.emit.FunctionBtf;
import io.bpf4j.processor.emit.IdenticalBlocks;
import io.bpf4j.processor.emit.WholeFrameTouch;
import io.bpf4j.processor.frontend.ClassContext;
import io.bpf4j.processor.frontend.MethodTranslator;
import io.bpf4j.processor.inline.InlineSplicer;
import io.bpf4j.processor.inline.Inliner;
import io.bpf4j.processor.inline.ReturnSiteMerging;
import io.bpf4j.processor.ir.FrameSlot;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.IrPrinter;
import io.bpf4j.processor.ir.Reg;
import io.bpf4j.processor.lower.NewSites;
import io.bpf4j.processor.lower.NullChecks;
import io.bpf4j.processor.model.SourceInfo;
import io.bpf4j.processor.opt.Optimizer;
import io.bpf4j.processor.opt.Termination;
import io.bpf4j.processor.regalloc.RegisterAllocator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.MethodNode;

/**
 * Compiles one method into one function, through the stages in order: translate (leaving an inline
 * site at each call of a small method, whose callee the {@link Inliner} translates for that call)
 * -> inline (splice the callees, IR to IR) -> lower (Java-semantics guards) -> check termination ->
 * optimize -> lay out blocks -> allocate registers -> lay out the frame -> emit.
 *
 * <p>One decision goes back a step: a frame over 512 bytes that holds inlined callees' slots (or an
 * allocation that fails with them) is compiled a second time with those callees called instead,
 * since each called function gets its own frame and registers.
 */
final class MethodPipeline {
  private final ClassContext context;
  private final Inliner inliner;
  private final FunctionBtf btf;
  private final SourceInfo source;
  private final StageListener listener;

  MethodPipeline(
      ClassContext context,
      Inliner inliner,
      FunctionBtf btf,
      SourceInfo source,
      StageListener listener) {
    this.context = context;
    this.inliner = inliner;
    this.btf = btf;
    this.source = source;
    this.listener = listener;
  }

  /** The compiled function and its IR. */
  record Compiled(FunctionSpec spec, Function ir) {}

  /**
   * Compiles {@code m} as {@code symbol} in {@code section}; throws {@link CompileError}.
   *
   * @param programType the program type the model gave the section, or null for a subprogram
   */
  Compiled compile(MethodNode m, String symbol, String section, ProgramType programType) {
    return compile(m, symbol, section, programType, 0);
  }

  /**
   * As {@link #compile(MethodNode, String, String, ProgramType)}, for a program that returns {@code
   * onFault} where Java would throw.
   */
  Compiled compile(
      MethodNode m, String symbol, String section, ProgramType programType, int onFault) {
    boolean program = programType != null;
    // LD_ABS ends the program with 0 on a short packet, which a section's onFault would contradict.
    boolean packetLoads = program && programType.allowsPacketLoadInstructions() && onFault == 0;
    context.setCurrentSection(program ? section : null);
    context.calls().enter(m.name + m.desc);
    try {
      if ((m.access & Opcodes.ACC_STATIC) == 0) {
        throw new CompileError(0, Messages.virtualCall(context.className(), m.name));
      }
      Attempt attempt;
      try {
        attempt = attempt(m, symbol, programType, packetLoads, onFault);
      } catch (FrameTooLarge | IllegalStateException e) {
        // The stage decision: inlined methods share this frame (and registers); called, each
        // gets its own. Try again with calls.
        if (!inliner.enabledHere()) {
          throw e;
        }
        inliner.setEnabledHere(false);
        attempt = attempt(m, symbol, programType, packetLoads, onFault);
      } finally {
        inliner.setEnabledHere(true);
      }
      attempt.listings().forEach((stage, listing) -> listener.after(symbol, stage, listing));
      Function f = attempt.ir();
      Code code = Emitter.emit(f, attempt.registers(), v -> btf.coreType(v, context::kernelStruct));
      int funcId = btf.add(symbol, m, programType);
      FunctionSpec spec =
          new FunctionSpec(
              symbol, section, program, code, funcId, source.fileName(), lineTexts(code));
      return new Compiled(spec, f);
    } finally {
      context.calls().leave();
    }
  }

  /** One pass through the stages up to emission. */
  private record Attempt(Function ir, Map<Reg, Register> registers, Map<String, String> listings) {}

  private Attempt attempt(
      MethodNode m, String symbol, ProgramType programType, boolean packetLoads, int onFault) {
    Function f = new Function(symbol);
    f.setFaultValue(onFault);
    Map<String, String> listings = new LinkedHashMap<>();
    translate(m, f, programType, packetLoads);
    list(listings, "translate", f, null);
    ReturnSiteMerging.run(f);
    InlineSplicer.run(f);
    list(listings, "inline", f, null);
    // The Java-semantics guards: objects of one new still in use, dereferences of null.
    NewSites.check(f);
    NullChecks.insert(f, f.nullable());
    list(listings, "lower", f, null);
    // Every ring buffer reservation submitted or discarded on every path, then left alone.
    RingRecords.check(f);
    // One bpf_spin_lock at a time, no calls while held, released on every path.
    io.bpf4j.processor.check.SpinLocks.check(f);
    // Before the optimizer too: a loop without exit is refused even where it is provably dead.
    Termination.check(f);
    Optimizer.run(f);
    Termination.check(f);
    list(listings, "optimize", f, null);
    BlockLayout.arrange(f);
    Map<Reg, Register> regs = RegisterAllocator.allocate(f);
    // Machine code now: blocks that became the same are one, and returns go where they save jumps.
    IdenticalBlocks.merge(f, regs);
    BlockLayout.sinkReturns(f);
    list(listings, "regalloc", f, regs);
    layOutFrame(f, regs);
    WholeFrameTouch.insert(f);
    list(listings, "frame", f, regs);
    listSlots(listings, "frame", f);
    return new Attempt(f, regs, listings);
  }

  private void translate(MethodNode m, Function f, ProgramType programType, boolean packetLoads) {
    MethodTranslator translator = new MethodTranslator(context, m, f, programType != null);
    if (packetLoads) {
      translator.usePacketLoadInstructions();
    }
    if (programType != null && programType.context().isTracedArguments()) {
      translator.parametersAreTracedArguments();
    }
    translator.translate();
  }

  private void layOutFrame(Function f, Map<Reg, Register> regs) {
    try {
      FrameLayout.assign(f, regs);
    } catch (CompileError e) {
      if (inliner.enabledHere() && f.slots().stream().anyMatch(slot -> slot.region() != null)) {
        throw new FrameTooLarge(e);
      }
      throw e;
    }
  }

  /** A frame over 512 bytes that has inlined methods' slots in it. */
  private static final class FrameTooLarge extends RuntimeException {
    FrameTooLarge(CompileError cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }

  private void list(
      Map<String, String> listings, String stage, Function f, Map<Reg, Register> regs) {
    if (listener == StageListener.NONE) {
      return;
    }
    StringBuilder text = new StringBuilder(IrPrinter.print(f));
    if (regs != null) {
      text.append("registers:\n");
      List<Reg> assigned = new ArrayList<>(regs.keySet());
      assigned.sort(Comparator.comparingInt(Reg::id));
      for (Reg r : assigned) {
        text.append("  ").append(r).append(" = ").append(regs.get(r)).append('\n');
      }
    }
    listings.put(stage, text.toString());
  }

  private void listSlots(Map<String, String> listings, String stage, Function f) {
    if (listener == StageListener.NONE || f.slots().isEmpty()) {
      return;
    }
    StringBuilder text = new StringBuilder(listings.get(stage)).append("slots:\n");
    for (FrameSlot slot : f.slots()) {
      text.append("  ")
          .append(slot.name())
          .append(": ")
          .append(slot.size())
          .append(" bytes at r10")
          .append(slot.offset())
          .append('\n');
    }
    listings.put(stage, text.toString());
  }

  private Map<Integer, String> lineTexts(Code code) {
    Map<Integer, String> texts = new LinkedHashMap<>();
    code.lines().forEach(l -> texts.put(l.line(), source.line(l.line())));
    return texts;
  }
}
