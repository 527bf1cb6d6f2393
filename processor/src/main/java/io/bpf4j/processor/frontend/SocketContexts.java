package io.bpf4j.processor.frontend;

import io.bpf4j.object.kernel.AttachType;
import io.bpf4j.object.kernel.ContextType;
import io.bpf4j.object.kernel.ProgramSections;
import io.bpf4j.processor.diag.CompileError;
import io.bpf4j.processor.diag.Messages;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.IrBuilder;
import io.bpf4j.processor.ir.Reg;
import java.util.List;
import java.util.Map;

/**
 * Reads (and the one write) of the socket contexts: {@code struct bpf_sock} of cgroup/sock programs
 * and {@code struct bpf_sock_ops} of sockops programs, at their include/uapi/linux/bpf.h offsets
 * and in the sizes the kernel's {@code *_is_valid_access} accept.
 */
final class SocketContexts {
  /** A context field: where, how wide, and whether its value is below 2^31 (free to widen). */
  private record Field(int offset, int size, boolean nonNegative) {}

  private static final Map<String, Field> BPF_SOCK =
      Map.ofEntries(
          Map.entry("boundDevIf", new Field(0, 4, true)),
          Map.entry("family", new Field(4, 4, true)),
          Map.entry("type", new Field(8, 4, true)),
          Map.entry("protocol", new Field(12, 4, true)),
          Map.entry("mark", new Field(16, 4, false)),
          Map.entry("priority", new Field(20, 4, false)),
          Map.entry("srcIp4", new Field(24, 4, false)),
          Map.entry("srcPort", new Field(44, 4, true)),
          // __be16 followed by 16 bits of padding: the 2-byte read gives the port as stored.
          Map.entry("dstPort", new Field(48, 2, true)),
          Map.entry("dstIp4", new Field(52, 4, false)),
          Map.entry("state", new Field(72, 4, true)));

  private static final Map<String, Field> SOCK_OPS =
      Map.ofEntries(
          Map.entry("op", new Field(0, 4, true)),
          Map.entry("reply", new Field(4, 4, false)),
          Map.entry("family", new Field(20, 4, true)),
          Map.entry("remoteIp4", new Field(24, 4, false)),
          Map.entry("localIp4", new Field(28, 4, false)),
          Map.entry("remotePort", new Field(64, 4, false)),
          Map.entry("localPort", new Field(68, 4, true)),
          Map.entry("isFullsock", new Field(72, 4, true)),
          Map.entry("sndCwnd", new Field(76, 4, false)),
          Map.entry("srttUs", new Field(80, 4, false)),
          Map.entry("state", new Field(88, 4, true)),
          Map.entry("bytesReceived", new Field(168, 8, false)),
          Map.entry("bytesAcked", new Field(176, 8, false)));

  private static final int SOCK_OPS_ARGS = 4;
  private static final int SOCK_OPS_REPLY = 4;

  private final IrBuilder b;
  private final ClassContext context;

  SocketContexts(IrBuilder b, ClassContext context) {
    this.b = b;
    this.context = context;
  }

  /** The value of a call of {@code type}'s method {@code name}, or null when it is none. */
  Value call(
      ContextType type, String name, Value.Op ctx, List<Value> args, Intrinsics.Materializer m) {
    if (type == ContextType.BPF_SOCK) {
      Field f = BPF_SOCK.get(name);
      if (f == null) {
        return null;
      }
      checkReadable(name);
      return read(ctx, f, name);
    }
    switch (name) {
      case "arg" -> {
        Value.Op index = m.op(args.get(0));
        if (!(index.operand() instanceof Imm i) || i.value() < 0 || i.value() > 3) {
          throw new CompileError(b.line(), "SockOps.arg(index) needs a constant index from 0 to 3");
        }
        return read(ctx, new Field(SOCK_OPS_ARGS + 4 * (int) i.value(), 4, false), name);
      }
      case "setReply" -> {
        Value.Op v = m.op(args.get(0));
        b.store(ctx.operand(), SOCK_OPS_REPLY, 4, b.inReg(v.operand(), Reg.Kind.INT, "reply"));
        return new Value.Op(new Imm(0), Reg.Kind.INT);
      }
      default -> {
        Field f = SOCK_OPS.get(name);
        return f == null ? null : read(ctx, f, name);
      }
    }
  }

  private Value read(Value.Op ctx, Field f, String name) {
    Reg.Kind kind = f.size() == 8 ? Reg.Kind.LONG : Reg.Kind.INT;
    Reg t = b.newReg(kind, name);
    b.load(t, ctx.operand(), f.offset(), f.size(), false);
    if (f.nonNegative() && kind == Reg.Kind.INT) {
      t.markZeroExtendedNonNegative();
    }
    return new Value.Op(t, kind);
  }

  /**
   * The kernel's {@code __sock_filter_check_attach_type}: some {@code bpf_sock} fields are readable
   * only at some attach points. Checked where the program's section is known (the program and what
   * is inlined into it); elsewhere the verifier has the last word.
   */
  private void checkReadable(String name) {
    String section = context.currentSection();
    if (section == null) {
      return;
    }
    AttachType attach =
        ProgramSections.forSection(section)
            .map(ProgramSections.Match::expectedAttachType)
            .orElse(null);
    boolean ok =
        switch (name) {
          case "boundDevIf", "mark", "priority" ->
              attach == AttachType.CGROUP_INET_SOCK_CREATE
                  || attach == AttachType.CGROUP_INET_SOCK_RELEASE;
          case "srcIp4" -> attach == AttachType.CGROUP_INET4_POST_BIND;
          case "srcPort" ->
              attach == AttachType.CGROUP_INET4_POST_BIND
                  || attach == AttachType.CGROUP_INET6_POST_BIND;
          default -> true;
        };
    if (!ok) {
      throw new CompileError(b.line(), Messages.contextFieldNotAtAttachPoint(name, section));
    }
  }
}
