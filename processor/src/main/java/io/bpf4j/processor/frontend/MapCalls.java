package io.bpf4j.processor.frontend;

import io.bpf4j.object.kernel.Helper;
import io.bpf4j.processor.diag.CompileError;
import io.bpf4j.processor.diag.MapInMapMessages;
import io.bpf4j.processor.diag.Messages;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.FrameAddr;
import io.bpf4j.processor.ir.FrameSlot;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.IrBuilder;
import io.bpf4j.processor.ir.MapAddr;
import io.bpf4j.processor.ir.Operand;
import io.bpf4j.processor.ir.Reg;
import io.bpf4j.processor.model.LangNames;
import io.bpf4j.processor.model.MapModel;
import io.bpf4j.processor.model.ValueType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Map operations ({@code BpfMap.lookup / update / delete}, {@code RingBuf.output}) as helper calls,
 * with scalar keys and values stored into the function's scratch slot to pass their address.
 */
final class MapCalls {
  private final IrBuilder b;
  private final ScratchSlot scratch;

  MapCalls(IrBuilder b, ScratchSlot scratch) {
    this.b = b;
    this.scratch = scratch;
  }

  /**
   * The registers that hold an inner map (the result of a lookup in a map of maps, or a local it
   * was stored in), with the map of maps it came from. Java's erased types do not say which map a
   * {@code BpfMap} local holds; this does, so that its key and value types are known at each call.
   */
  private final Map<Reg, MapModel> innerMaps = new HashMap<>();

  /** The map of maps {@code v} is an inner map of, or null when it is not one. */
  MapModel outerOf(Value v) {
    return v instanceof Value.Op op && op.operand() instanceof Reg r ? innerMaps.get(r) : null;
  }

  /** {@code v} was copied into {@code local}: if it is an inner map, so is the local. */
  void copied(Value v, Reg local) {
    MapModel outer = outerOf(v);
    if (outer == null) {
      return;
    }
    MapModel previous = innerMaps.put(local, outer);
    if (previous != null && !previous.inner().equals(outer.inner())) {
      throw new CompileError(
          b.line(), MapInMapMessages.localHoldsTwoShapes(previous.fieldName(), outer.fieldName()));
    }
  }

  Value call(String name, Value receiver, List<Value> args, Intrinsics.Materializer m) {
    MapModel map;
    Operand mapAddr;
    if (receiver instanceof Value.MapRef ref) {
      map = ref.map();
      mapAddr = new MapAddr(map.name());
      if (map.isMapOfMaps()
          && (name.equals(LangNames.BPF_MAP_UPDATE) || name.equals(LangNames.BPF_MAP_DELETE))) {
        throw new CompileError(b.line(), MapInMapMessages.outerMapWrite(map.fieldName(), name));
      }
    } else if (outerOf(receiver) != null) {
      // The inner map's pointer goes to the helper as its map argument (r1).
      MapModel outer = outerOf(receiver);
      map = outer.inner();
      Reg pointer = (Reg) ((Value.Op) receiver).operand();
      b.function().markMapPointer(pointer, outer.fieldName());
      mapAddr = pointer;
    } else {
      throw new CompileError(b.line(), MapInMapMessages.unknownMap());
    }
    switch (name) {
      case LangNames.BPF_MAP_LOOKUP -> {
        Operand key = addressOf(args.get(0), map.key(), 0, m);
        Reg r =
            b.call(
                Helper.MAP_LOOKUP_ELEM.id(),
                null,
                List.of(mapAddr, key),
                List.of(true, true),
                Reg.Kind.REF);
        b.function().markNullable(r);
        if (map.isMapOfMaps()) {
          innerMaps.put(r, map);
          return new Value.Op(r, Reg.Kind.REF);
        }
        if (map.value() != null && map.value().kind() != ValueType.Kind.STRUCT) {
          return new Value.Op(privateBox(r, map.value().size()), Reg.Kind.REF);
        }
        return new Value.Op(r, Reg.Kind.REF);
      }
      case LangNames.BPF_MAP_UPDATE -> {
        Operand key = addressOf(args.get(0), map.key(), 0, m);
        Operand value = addressOf(args.get(1), map.value(), 8 * ((map.keySize() + 7) / 8), m);
        Value.Op flags = m.op(args.get(2));
        Reg r =
            b.call(
                Helper.MAP_UPDATE_ELEM.id(),
                null,
                List.of(mapAddr, key, value, flags.operand()),
                List.of(true, true, true, true),
                Reg.Kind.INT);
        return new Value.Op(r, Reg.Kind.INT);
      }
      case LangNames.BPF_MAP_DELETE -> {
        Operand key = addressOf(args.get(0), map.key(), 0, m);
        Reg r =
            b.call(
                Helper.MAP_DELETE_ELEM.id(),
                null,
                List.of(mapAddr, key),
                List.of(true, true),
                Reg.Kind.INT);
        return new Value.Op(r, Reg.Kind.INT);
      }
      case "redirect" -> {
        return redirect(map, args, m);
      }
      default -> {
        return null;
      }
    }
  }

  /**
   * {@code bpf_redirect_map(map, key, flags)} (XDP; kernel 4.14+): the key goes by value, not by
   * address; only the redirect map kinds take it.
   */
  private Value redirect(MapModel map, List<Value> args, Intrinsics.Materializer m) {
    if (!map.isRedirectTarget()) {
      throw new CompileError(b.line(), Messages.redirectMapType(map.name(), map.typeName()));
    }
    Value keyArg = args.get(0);
    Value.Op key = keyArg instanceof Value.Boxed bx ? bx.inner() : m.op(keyArg);
    if (key.kind() == Reg.Kind.REF) {
      throw new CompileError(
          b.line(),
          "a redirect map's key is an int index: pass an Integer, e.g. map.redirect(0, 0)");
    }
    Value.Op flags = m.op(args.get(1));
    Reg r =
        b.call(
            Helper.REDIRECT_MAP.id(),
            null,
            List.of(new MapAddr(map.name()), key.operand(), flags.operand()),
            List.of(true, false, true),
            Reg.Kind.INT);
    return new Value.Op(r, Reg.Kind.INT);
  }

  /**
   * An {@code Integer} or {@code Long} from a map is an immutable box in Java, while the lookup's
   * result points into the map: a later update of the element would show through it. The value is
   * copied at the lookup into a stack slot of this call site, whose address (or null) stands for
   * the box.
   */
  private Reg privateBox(Reg found, int size) {
    FrameSlot slot = b.function().newSlot("box", 8, 8, FrameSlot.Purpose.OBJECT, b.line());
    Reg box = b.copy(Reg.Kind.REF, found, "box");
    Block copy = b.function().newBlock();
    Block done = b.function().newBlock();
    b.branch(io.bpf4j.processor.ir.Cond.EQ, true, found, new Imm(0), done, copy);
    b.switchTo(copy);
    Reg value = b.newReg(size == 8 ? Reg.Kind.LONG : Reg.Kind.INT, "unboxed");
    b.load(value, found, 0, size, false);
    b.store(new FrameAddr(slot, 0), 0, size, value);
    b.add(new io.bpf4j.processor.ir.Mov(box, new FrameAddr(slot, 0), true, b.line()));
    b.jump(done);
    b.switchTo(done);
    return box;
  }

  /** {@code bpf_ringbuf_output(ring, &record, sizeof record, 0) == 0} (kernel 5.8+). */
  Value ringOutput(MapModel ring, Value record, Intrinsics.Materializer m) {
    Operand data = addressOf(record, ring.value(), 0, m);
    Reg r =
        b.call(
            Helper.RINGBUF_OUTPUT.id(),
            null,
            List.of(new MapAddr(ring.name()), data, new Imm(ring.value().size()), new Imm(0)),
            List.of(true, true, true, true),
            Reg.Kind.LONG);
    return new Value.Op(isZero(r), Reg.Kind.INT);
  }

  /**
   * {@code bpf_ringbuf_reserve(ring, sizeof(T), 0)} (kernel 5.8+): the record inside the ring, or
   * null. Like a lookup's result it may be null (the null check pass guards its dereferences); the
   * reservation check ({@code check.RingRecords}) follows it until its submit or discard.
   */
  Value ringReserve(MapModel ring) {
    if (ring.value() == null || ring.value().kind() != ValueType.Kind.STRUCT) {
      throw new CompileError(
          b.line(),
          "reserve() needs a ring buffer of @Struct records (RingBuf<MyEvent>); output() copies"
              + " an Integer or Long");
    }
    Reg r =
        b.call(
            Helper.RINGBUF_RESERVE.id(),
            null,
            List.of(new MapAddr(ring.name()), new Imm(ring.value().size()), new Imm(0)),
            List.of(true, true, true),
            Reg.Kind.REF);
    b.function().markNullable(r);
    return new Value.Op(r, Reg.Kind.REF);
  }

  /**
   * {@code bpf_ringbuf_submit(record, 0)} or {@code bpf_ringbuf_discard(record, 0)}; the verifier
   * wants the record checked for null first, which the null check pass adds when the code has not.
   */
  Value ringRelease(Helper helper, Value record, Intrinsics.Materializer m) {
    Value.Op rec = m.op(record);
    if (!(rec.operand() instanceof Reg)) {
      // submit(null): Java throws, BPF code ends the program with 0.
      b.jump(b.returnZeroBlock());
      return new Value.Op(new Imm(0), Reg.Kind.INT);
    }
    b.call(helper.id(), null, List.of(rec.operand(), new Imm(0)), List.of(true, true), null);
    return new Value.Op(new Imm(0), Reg.Kind.INT);
  }

  /** {@code BPF_F_CURRENT_CPU}: the index of the current CPU's ring, as a 32-bit all-ones. */
  private static final int BPF_F_CURRENT_CPU_32 = -1;

  /**
   * {@code bpf_perf_event_output(ctx, map, BPF_F_CURRENT_CPU, &value, sizeof value)} (kernel 4.4+):
   * 0 or a negative errno. The flags must be exactly {@code 0xffffffff} (any upper bit is {@code
   * -EINVAL}), so they go in with a 32-bit move, which zero-extends.
   */
  Value perfOutput(MapModel map, Value ctx, Value record, Intrinsics.Materializer m) {
    Value.Op context = m.op(ctx);
    if (!(context.operand() instanceof Reg)) {
      throw new CompileError(b.line(), "PerfEventArray.output needs the program's context");
    }
    Operand data = addressOf(record, map.value(), 0, m);
    Reg r =
        b.call(
            Helper.PERF_EVENT_OUTPUT.id(),
            null,
            List.of(
                context.operand(),
                new MapAddr(map.name()),
                new Imm(BPF_F_CURRENT_CPU_32),
                data,
                new Imm(map.value().size())),
            List.of(true, true, false, true, true),
            Reg.Kind.INT);
    return new Value.Op(r, Reg.Kind.INT);
  }

  /**
   * {@code bpf_map_push_elem(map, &value, flags)} on a queue or stack (kernel 4.20+): 0 or a
   * negative errno.
   */
  Value push(MapModel map, Value value, Value flags, Intrinsics.Materializer m) {
    Operand data = addressOf(value, map.value(), 0, m);
    Value.Op f = m.op(flags);
    Reg r =
        b.call(
            Helper.MAP_PUSH_ELEM.id(),
            null,
            List.of(new MapAddr(map.name()), data, f.operand()),
            List.of(true, true, true),
            Reg.Kind.INT);
    return new Value.Op(r, Reg.Kind.INT);
  }

  /**
   * {@code bpf_map_pop_elem} or {@code bpf_map_peek_elem} on a queue or stack (kernel 4.20+): the
   * value is copied into a stack slot of this call site, whose address stands for the result, or
   * null when the helper failed (the map is empty). Like a boxed lookup result, the object is the
   * program's own copy.
   */
  Value popOrPeek(MapModel map, Helper helper) {
    int size = map.value().size();
    FrameSlot slot =
        b.function()
            .newSlot(
                helper == Helper.MAP_POP_ELEM ? "popped" : "peeked",
                (size + 7) & ~7,
                8,
                FrameSlot.Purpose.OBJECT,
                b.line());
    Reg r =
        b.call(
            helper.id(),
            null,
            List.of(new MapAddr(map.name()), new FrameAddr(slot, 0)),
            List.of(true, true),
            Reg.Kind.LONG);
    Reg out = b.newReg(Reg.Kind.REF, "elem");
    b.add(new io.bpf4j.processor.ir.Mov(out, new Imm(0), true, b.line()));
    Block found = b.function().newBlock();
    Block done = b.function().newBlock();
    b.branch(io.bpf4j.processor.ir.Cond.NE, true, r, new Imm(0), done, found);
    b.switchTo(found);
    b.add(new io.bpf4j.processor.ir.Mov(out, new FrameAddr(slot, 0), true, b.line()));
    b.jump(done);
    b.switchTo(done);
    b.function().markNullable(out);
    return new Value.Op(out, Reg.Kind.REF);
  }

  /** {@code r == 0} as an int 1 or 0, through a branch. */
  private Reg isZero(Reg r) {
    Reg out = b.newReg(Reg.Kind.INT, "ok");
    b.add(new io.bpf4j.processor.ir.Mov(out, new Imm(1), false, b.line()));
    Block zero = b.function().newBlock();
    Block done = b.function().newBlock();
    b.branch(io.bpf4j.processor.ir.Cond.EQ, true, r, new Imm(0), done, zero);
    b.switchTo(zero);
    b.add(new io.bpf4j.processor.ir.Mov(out, new Imm(0), false, b.line()));
    b.jump(done);
    b.switchTo(done);
    return out;
  }

  /**
   * The address of a key or value: struct objects and map values are already addresses; a boxed
   * scalar is stored into the function's scratch slot at {@code offset}.
   */
  private Operand addressOf(Value v, ValueType type, int offset, Intrinsics.Materializer m) {
    if (v instanceof Value.Boxed bx || (v instanceof Value.Op o && o.kind() != Reg.Kind.REF)) {
      Value.Op scalar = v instanceof Value.Boxed bx2 ? bx2.inner() : (Value.Op) v;
      int size = type == null ? (scalar.kind().is64() ? 8 : 4) : type.size();
      FrameSlot slot = scratch.atLeast(offset + 8);
      Operand src = scalar.operand();
      if (!(src instanceof Reg) && !(src instanceof Imm i && i.fitsInt32())) {
        src = b.copy(scalar.kind(), src, "key");
      }
      b.store(new FrameAddr(slot, 0), offset, size, src);
      return new FrameAddr(slot, offset);
    }
    Value.Op o = m.op(v);
    if (o.operand() instanceof Imm) {
      throw new CompileError(b.line(), "a map key or value must not be null");
    }
    return o.operand();
  }
}
