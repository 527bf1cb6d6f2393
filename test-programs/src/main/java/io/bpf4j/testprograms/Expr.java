package io.bpf4j.testprograms;

import java.util.List;

/**
 * An expression of generated code: it knows its Java type, prints itself fully parenthesized (so
 * that printing never changes the meaning), and exposes its subexpressions so that the shrinker can
 * replace any of them.
 */
public sealed interface Expr {
  /** The Java type of the value. */
  Ty ty();

  /** Appends the expression's Java text. */
  void print(StringBuilder out);

  /** The direct subexpressions, in evaluation order. */
  default List<Expr> kids() {
    return List.of();
  }

  /** This expression with its subexpressions replaced (same count, same types or widening). */
  default Expr withKids(List<Expr> kids) {
    return this;
  }

  default String text() {
    StringBuilder sb = new StringBuilder();
    print(sb);
    return sb.toString();
  }

  /** A literal of type {@code t}, wrapped to it. */
  static Lit lit(Ty t, long v) {
    return new Lit(t, v);
  }

  /** {@code e} as exactly type {@code t} (a cast unless it already is). */
  static Expr exact(Expr e, Ty t) {
    return e.ty() == t ? e : new Cast(t, e);
  }

  /** {@code e} as something assignable to {@code t}: itself if it widens, else a cast. */
  static Expr assignable(Expr e, Ty t) {
    return e.ty().widensTo(t) ? e : new Cast(t, e);
  }

  /** A literal: ints and longs in decimal, the minimum values by name, small types by cast. */
  record Lit(Ty ty, long value) implements Expr {
    public Lit {
      value = ty.wrap(value);
    }

    public static Lit zero(Ty ty) {
      return new Lit(ty, 0);
    }

    @Override
    public void print(StringBuilder out) {
      switch (ty) {
        case BOOLEAN -> out.append(value != 0);
        case INT ->
            out.append(
                value == Integer.MIN_VALUE
                    ? "Integer.MIN_VALUE"
                    : value < 0 ? "(" + value + ")" : Long.toString(value));
        case LONG ->
            out.append(
                value == Long.MIN_VALUE
                    ? "Long.MIN_VALUE"
                    : value < 0 ? "(" + value + "L)" : value + "L");
        default -> out.append("((").append(ty.java).append(") ").append(value).append(')');
      }
    }
  }

  /** A local variable or parameter (a {@code Long} one reads as its {@code long} value). */
  record Var(String name, Ty ty) implements Expr {
    @Override
    public void print(StringBuilder out) {
      out.append(name);
    }
  }

  /** A binary operator: arithmetic, bitwise, shift, comparison or boolean. */
  record Bin(String op, Expr left, Expr right) implements Expr {
    @Override
    public Ty ty() {
      return switch (op) {
        case "==", "!=", "<", "<=", ">", ">=", "&&", "||" -> Ty.BOOLEAN;
        case "<<", ">>", ">>>" -> left.ty().promoted();
        case "&", "|", "^" ->
            left.ty() == Ty.BOOLEAN ? Ty.BOOLEAN : Ty.promote(left.ty(), right.ty());
        default -> Ty.promote(left.ty(), right.ty());
      };
    }

    @Override
    public void print(StringBuilder out) {
      out.append('(');
      left.print(out);
      out.append(' ').append(op).append(' ');
      right.print(out);
      out.append(')');
    }

    @Override
    public List<Expr> kids() {
      return List.of(left, right);
    }

    @Override
    public Expr withKids(List<Expr> k) {
      return new Bin(op, k.get(0), k.get(1));
    }
  }

  /** {@code -x}, {@code ~x} or {@code !b}. */
  record Un(String op, Expr operand) implements Expr {
    @Override
    public Ty ty() {
      return op.equals("!") ? Ty.BOOLEAN : operand.ty().promoted();
    }

    @Override
    public void print(StringBuilder out) {
      out.append('(').append(op);
      operand.print(out);
      out.append(')');
    }

    @Override
    public List<Expr> kids() {
      return List.of(operand);
    }

    @Override
    public Expr withKids(List<Expr> k) {
      return new Un(op, k.get(0));
    }
  }

  /** A primitive cast between numeric types. */
  record Cast(Ty ty, Expr operand) implements Expr {
    @Override
    public void print(StringBuilder out) {
      out.append("((").append(ty.java).append(") ");
      operand.print(out);
      out.append(')');
    }

    @Override
    public List<Expr> kids() {
      return List.of(operand);
    }

    @Override
    public Expr withKids(List<Expr> k) {
      return new Cast(ty, k.get(0));
    }
  }

  /** {@code c ? a : b} with both arms of the same type. */
  record Cond(Expr cond, Expr ifTrue, Expr ifFalse) implements Expr {
    @Override
    public Ty ty() {
      return ifTrue.ty();
    }

    @Override
    public void print(StringBuilder out) {
      out.append('(');
      cond.print(out);
      out.append(" ? ");
      ifTrue.print(out);
      out.append(" : ");
      ifFalse.print(out);
      out.append(')');
    }

    @Override
    public List<Expr> kids() {
      return List.of(cond, ifTrue, ifFalse);
    }

    @Override
    public Expr withKids(List<Expr> k) {
      return new Cond(k.get(0), k.get(1), k.get(2));
    }
  }

  /** A call of a static method of the class; {@code ctx} passes the program's context first. */
  record Call(String method, Ty ty, boolean ctx, List<Expr> args) implements Expr {
    @Override
    public void print(StringBuilder out) {
      out.append(method).append('(');
      String sep = "";
      if (ctx) {
        out.append("ctx");
        sep = ", ";
      }
      for (Expr a : args) {
        out.append(sep);
        a.print(out);
        sep = ", ";
      }
      out.append(')');
    }

    @Override
    public List<Expr> kids() {
      return args;
    }

    @Override
    public Expr withKids(List<Expr> k) {
      return new Call(method, ty, ctx, List.copyOf(k));
    }
  }

  /**
   * A call that passes a struct reference (a stack object, a map value or null) before its numeric
   * arguments: {@code touch(o, a, b)}.
   */
  record StructCall(String method, Ty ty, String struct, List<Expr> args) implements Expr {
    @Override
    public void print(StringBuilder out) {
      out.append(method).append('(').append(struct);
      for (Expr a : args) {
        out.append(", ");
        a.print(out);
      }
      out.append(')');
    }

    @Override
    public List<Expr> kids() {
      return args;
    }

    @Override
    public Expr withKids(List<Expr> k) {
      return new StructCall(method, ty, struct, List.copyOf(k));
    }
  }

  /** {@code ctx.loadByte(off)}, {@code loadHalf} or {@code loadWord}: an unsigned int. */
  record PacketLoad(String method, Expr offset) implements Expr {
    @Override
    public Ty ty() {
      return Ty.INT;
    }

    @Override
    public void print(StringBuilder out) {
      out.append("ctx.").append(method).append('(');
      offset.print(out);
      out.append(')');
    }

    @Override
    public List<Expr> kids() {
      return List.of(offset);
    }

    @Override
    public Expr withKids(List<Expr> k) {
      return new PacketLoad(method, k.get(0));
    }
  }

  /**
   * {@code ctx.storeByte(off, v)}, {@code storeHalf} or {@code storeWord}, as a statement (its type
   * is nominal: the call returns nothing).
   */
  record PacketStore(String method, Expr offset, Expr value) implements Expr {
    @Override
    public Ty ty() {
      return Ty.INT;
    }

    @Override
    public void print(StringBuilder out) {
      out.append("ctx.").append(method).append('(');
      offset.print(out);
      out.append(", ");
      value.print(out);
      out.append(')');
    }

    @Override
    public List<Expr> kids() {
      return List.of(offset, value);
    }

    @Override
    public Expr withKids(List<Expr> k) {
      return new PacketStore(method, k.get(0), Expr.exact(k.get(1), Ty.INT));
    }
  }

  /**
   * A context field or read: {@code ctx.len()}, {@code ctx.cb(2)}, a tracepoint's {@code
   * ctx.readLong(8)}.
   */
  record CtxField(String accessor, Ty ty) implements Expr {
    @Override
    public void print(StringBuilder out) {
      out.append("ctx.").append(accessor);
    }
  }

  /** A field of a struct variable. */
  record Field(String object, String field, Ty ty) implements Expr {
    @Override
    public void print(StringBuilder out) {
      out.append(object).append('.').append(field);
    }
  }

  /** An element of a stack array; an index out of bounds ends the program with 0. */
  record Elem(String array, Ty ty, Expr index) implements Expr {
    @Override
    public void print(StringBuilder out) {
      out.append(array).append('[');
      index.print(out);
      out.append(']');
    }

    @Override
    public List<Expr> kids() {
      return List.of(index);
    }

    @Override
    public Expr withKids(List<Expr> k) {
      return new Elem(array, ty, k.get(0));
    }
  }

  /**
   * A map operation with an int result: {@code m.update(key, value, flags)} ({@code value} is a
   * struct variable, or a long expression boxed into a {@code Long} map) or {@code m.delete(key)}.
   */
  record MapOp(String map, String op, Expr key, String structValue, Expr longValue, long flags)
      implements Expr {
    @Override
    public Ty ty() {
      return Ty.INT;
    }

    @Override
    public void print(StringBuilder out) {
      out.append(map).append('.').append(op).append('(');
      key.print(out);
      if (op.equals("update")) {
        out.append(", ");
        if (structValue != null) {
          out.append(structValue);
        } else {
          longValue.print(out);
        }
        out.append(", ").append(flags).append('L');
      }
      out.append(')');
    }

    @Override
    public List<Expr> kids() {
      return longValue == null ? List.of(key) : List.of(key, longValue);
    }

    @Override
    public Expr withKids(List<Expr> k) {
      return new MapOp(map, op, k.get(0), structValue, longValue == null ? null : k.get(1), flags);
    }
  }

  /**
   * The value of a {@code Long} map under {@code key}, unboxed: a missing key is a null {@code
   * Long}, whose unboxing ends the program with 0.
   */
  record Unboxed(String map, Expr key) implements Expr {
    @Override
    public Ty ty() {
      return Ty.LONG;
    }

    @Override
    public void print(StringBuilder out) {
      out.append("((long) ").append(map).append(".lookup(");
      key.print(out);
      out.append("))");
    }

    @Override
    public List<Expr> kids() {
      return List.of(key);
    }

    @Override
    public Expr withKids(List<Expr> k) {
      return new Unboxed(map, k.get(0));
    }
  }

  /**
   * {@code Bpf.printk("fz %d %d\n", a, b)} (fuzz only): a literal format and at most three
   * arguments, each widened to long.
   */
  record Printk(List<Expr> args) implements Expr {
    @Override
    public Ty ty() {
      return Ty.INT;
    }

    @Override
    public void print(StringBuilder out) {
      out.append("Bpf.printk(\"fz").append(" %d".repeat(args.size())).append("\\n\"");
      for (Expr a : args) {
        out.append(", ");
        a.print(out);
      }
      out.append(')');
    }

    @Override
    public List<Expr> kids() {
      return args;
    }

    @Override
    public Expr withKids(List<Expr> k) {
      return new Printk(List.copyOf(k));
    }
  }

  /**
   * {@code events.output(s)} (fuzz only): a copy of a struct ({@code s} a variable or {@code new
   * S0()}) into a ring buffer; whether it fitted.
   */
  record RingOutput(String ring, String struct) implements Expr {
    @Override
    public Ty ty() {
      return Ty.BOOLEAN;
    }

    @Override
    public void print(StringBuilder out) {
      out.append(ring).append(".output(").append(struct).append(')');
    }
  }

  /**
   * A struct variable where a map wants a {@code @Struct} key (fuzz only); it has no primitive type
   * ({@link #ty} is null), so the shrinker never replaces it.
   */
  record StructArg(String name) implements Expr {
    @Override
    public Ty ty() {
      return null;
    }

    @Override
    public void print(StringBuilder out) {
      out.append(name);
    }
  }

  /** {@code ctx.loadBytes(off, a)} into a {@code byte[]} (fuzz only): 0 or a negative errno. */
  record LoadBytes(String array, Expr offset) implements Expr {
    @Override
    public Ty ty() {
      return Ty.INT;
    }

    @Override
    public void print(StringBuilder out) {
      out.append("ctx.loadBytes(");
      offset.print(out);
      out.append(", ").append(array).append(')');
    }

    @Override
    public List<Expr> kids() {
      return List.of(offset);
    }

    @Override
    public Expr withKids(List<Expr> k) {
      return new LoadBytes(array, k.get(0));
    }
  }

  /**
   * {@code (t = e)} as a value (fuzz only): the inner assignment of a chained one, {@code x = (a[i]
   * = e)}, which javac compiles with a dup of the stored value.
   */
  record AssignValue(Stmt.Target target, Expr value) implements Expr {
    @Override
    public Ty ty() {
      return target.ty();
    }

    @Override
    public void print(StringBuilder out) {
      out.append('(').append(target.text()).append(" = ");
      value.print(out);
      out.append(')');
    }

    @Override
    public List<Expr> kids() {
      return target.index() == null ? List.of(value) : List.of(target.index(), value);
    }

    @Override
    public Expr withKids(List<Expr> k) {
      return target.index() == null
          ? new AssignValue(target, k.get(0))
          : new AssignValue(target.withIndex(k.get(0)), k.get(1));
    }
  }

  /**
   * A switch expression (fuzz only): {@code switch (sel) { case 1 -> a; case 4 -> { v++; yield b; }
   * default -> c; }}, its arms of type {@code ty}; {@code values} has one more element than {@code
   * labels} (the default), and an arm {@code i} with a non-null {@code bumps.get(i)} is a block
   * that increments that variable before its yield.
   */
  record SwitchValue(
      Ty ty, Expr selector, List<Integer> labels, List<Expr> values, List<String> bumps)
      implements Expr {
    @Override
    public void print(StringBuilder out) {
      out.append("switch (");
      selector.print(out);
      out.append(") {");
      for (int i = 0; i < values.size(); i++) {
        out.append(i < labels.size() ? " case " + labels.get(i) : " default").append(" -> ");
        String bump = bumps.get(i);
        if (bump == null) {
          values.get(i).print(out);
          out.append(';');
        } else {
          out.append("{ ").append(bump).append("++; yield ");
          values.get(i).print(out);
          out.append("; }");
        }
      }
      out.append(" }");
    }

    @Override
    public List<Expr> kids() {
      List<Expr> k = new java.util.ArrayList<>();
      k.add(selector);
      k.addAll(values);
      return k;
    }

    @Override
    public Expr withKids(List<Expr> k) {
      return new SwitchValue(ty, k.get(0), labels, List.copyOf(k.subList(1, k.size())), bumps);
    }
  }
}
