package io.bpf4j.processor.opt;

import io.bpf4j.processor.ir.Reg;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * What {@link PacketChecks} knows about the packet on entry to a block: context fields held in
 * registers, bounds checks that passed, pointers derived from {@code data}, and ints that are
 * another int plus a constant. There is at most one check per pair of pointers and offset register
 * (the largest size known), so that meeting facts only ever drops checks or lowers their sizes and
 * the fixpoint is reached: a product of all pairs of checks grew without bound around loops.
 */
record PacketFacts(
    List<PacketFacts.Field> fields,
    List<PacketFacts.Checked> checks,
    List<PacketFacts.Derived> derived,
    List<PacketFacts.Sum> sums) {

  /** A context field at {@code offset} (of {@code size} bytes) held by {@code value}. */
  record Field(int offset, int size, boolean signed, Reg value) {}

  /**
   * {@code data + var + bytes <= dataEnd} holds; {@code var} is null for a check at a constant
   * offset, else an int register from 0 to 0xffff. The verifier learned it for {@code pointer},
   * which holds {@code data + var + pointerOffset} (null for a constant offset): a read it covers
   * goes through that pointer, since the verifier gives a pointer plus a varying offset bounds of
   * its own, from {@code data + var + base} on.
   */
  record Checked(
      Reg data, Reg dataEnd, Reg var, long bytes, Reg pointer, long pointerOffset, long base) {
    static Checked constant(Reg data, Reg dataEnd, long bytes) {
      return new Checked(data, dataEnd, null, bytes, null, 0, ANY_BASE);
    }
  }

  /**
   * The {@code base} of an offset the verifier knows exactly on each path: any access from the
   * pointer is fine.
   */
  static final long ANY_BASE = Long.MIN_VALUE / 2;

  /**
   * {@code reg} holds {@code root + var + offset} ({@code var} null: none), {@code root} a context
   * field's register; {@code reg - root} is one of the constants from {@code least} to {@code
   * most}.
   */
  record Derived(Reg reg, Reg root, Reg var, long offset, long least, long most, long base) {}

  /** The int register {@code reg} holds {@code var + offset}. */
  record Sum(Reg reg, Reg var, long offset) {}

  static PacketFacts none() {
    return new PacketFacts(
        new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
  }

  PacketFacts copy() {
    return new PacketFacts(
        new ArrayList<>(fields),
        new ArrayList<>(checks),
        new ArrayList<>(derived),
        new ArrayList<>(sums));
  }

  PacketFacts meet(PacketFacts o) {
    // Sets to test membership in: lists of a large method's facts made meeting quadratic.
    List<Field> f = new ArrayList<>(fields);
    f.retainAll(new HashSet<>(o.fields));
    List<Derived> d = new ArrayList<>(derived);
    d.retainAll(new HashSet<>(o.derived));
    List<Sum> s = new ArrayList<>(sums);
    s.retainAll(new HashSet<>(o.sums));
    List<Checked> c = new ArrayList<>();
    for (Checked a : checks) {
      Checked b = o.check(a.data(), a.dataEnd(), a.var());
      if (b != null
          && b.pointer() == a.pointer()
          && b.pointerOffset() == a.pointerOffset()
          && b.base() == a.base()) {
        c.add(
            new Checked(
                a.data(),
                a.dataEnd(),
                a.var(),
                Math.min(a.bytes(), b.bytes()),
                a.pointer(),
                a.pointerOffset(),
                a.base()));
      }
    }
    return new PacketFacts(f, c, d, s);
  }

  void clear() {
    fields.clear();
    checks.clear();
    derived.clear();
    sums.clear();
  }

  /**
   * Forgets everything {@code r}'s old value took part in: {@code r} is written. Facts about an
   * offset register move to a copy of it that still holds the old value ({@code iph = pos; ...; pos
   * += len}: the checks made from {@code pos} now hold from {@code iph}).
   */
  void written(Reg r) {
    Reg heir = null;
    for (Sum s : sums) {
      if (s.var() == r && s.offset() == 0 && s.reg() != r) {
        heir = s.reg();
        break;
      }
    }
    fields.removeIf(x -> x.value() == r);
    checks.removeIf(x -> x.data() == r || x.dataEnd() == r || x.pointer() == r);
    derived.removeIf(x -> x.reg() == r || x.root() == r);
    sums.removeIf(x -> x.reg() == r || (x.reg() == x.var()));
    if (heir == null) {
      checks.removeIf(x -> x.var() == r);
      derived.removeIf(x -> x.var() == r);
      sums.removeIf(x -> x.var() == r);
      return;
    }
    Reg to = heir;
    checks.replaceAll(
        x ->
            x.var() == r
                ? new Checked(
                    x.data(), x.dataEnd(), to, x.bytes(), x.pointer(), x.pointerOffset(), x.base())
                : x);
    derived.replaceAll(
        x ->
            x.var() == r
                ? new Derived(x.reg(), x.root(), to, x.offset(), x.least(), x.most(), x.base())
                : x);
    sums.replaceAll(x -> x.var() == r ? new Sum(x.reg(), to, x.offset()) : x);
    sums.removeIf(x -> x.reg() == x.var());
  }

  /** What {@code r} holds as a field's register plus an offset, or null. */
  Derived derivedOf(Reg r) {
    for (Derived d : derived) {
      if (d.reg() == r) {
        return d;
      }
    }
    for (Field x : fields) {
      if (x.value() == r) {
        return new Derived(r, r, null, 0, 0, 0, ANY_BASE);
      }
    }
    return null;
  }

  /** {@code r} as another int plus a constant: itself plus 0 when nothing else is known. */
  Sum sumOf(Reg r) {
    for (Sum s : sums) {
      if (s.reg() == r) {
        return s;
      }
    }
    return new Sum(r, r, 0);
  }

  Field fieldHeldBy(Reg r) {
    for (Field x : fields) {
      if (x.value() == r) {
        return x;
      }
    }
    return null;
  }

  Checked check(Reg data, Reg dataEnd, Reg var) {
    for (Checked c : checks) {
      if (c.data() == data && c.dataEnd() == dataEnd && c.var() == var) {
        return c;
      }
    }
    return null;
  }

  /**
   * Adds a check, keeping the larger of two on one pair of pointers and offset register (the newer
   * one, through its own pointer, when they are equal).
   */
  void addCheck(Checked c) {
    Checked old = check(c.data(), c.dataEnd(), c.var());
    if (old == null) {
      checks.add(c);
    } else if (c.bytes() >= old.bytes()) {
      checks.set(checks.indexOf(old), c);
    }
  }
}
