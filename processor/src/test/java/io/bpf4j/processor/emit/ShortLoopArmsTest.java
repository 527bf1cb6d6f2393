package io.bpf4j.processor.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bpf4j.object.insn.Register;
import io.bpf4j.processor.ir.AluOp;
import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Cond;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Imm;
import io.bpf4j.processor.ir.IrBuilder;
import io.bpf4j.processor.ir.Reg;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A loop's short arm goes right before the join, so its branch falls through into the arm the
 * verifier should walk first; outside a loop the source order stays.
 */
class ShortLoopArmsTest {
  private final Function f = new Function("arms");
  private final IrBuilder b = new IrBuilder(f);

  /**
   * {@code head: if (k == 1) { n--; } else { n -= k; ... } join: if (++i < 15) goto head}, or the
   * same without the back edge.
   */
  private List<Block> build(boolean loop) {
    b.setLine(3);
    Block entry = f.newBlock();
    Block head = f.newBlock();
    Block shortArm = f.newBlock();
    Block longArm = f.newBlock();
    Block join = f.newBlock();
    Block exit = f.newBlock();
    b.switchTo(entry);
    Reg n = b.newReg(Reg.Kind.INT, "n");
    Reg k = b.newReg(Reg.Kind.INT, "k");
    Reg i = b.newReg(Reg.Kind.INT, "i");
    b.load(n, f.fixed(Register.R1), 0, 4, false);
    b.mov(i, new Imm(0));
    b.jump(head);
    b.switchTo(head);
    b.load(k, f.fixed(Register.R1), 4, 1, false);
    b.branch(Cond.NE, false, k, new Imm(1), longArm, shortArm);
    b.switchTo(shortArm);
    b.alu(AluOp.SUB, false, n, new Imm(1));
    b.jump(join);
    b.switchTo(longArm);
    b.alu(AluOp.SUB, false, n, k);
    b.alu(AluOp.MUL, false, n, new Imm(3));
    b.alu(AluOp.XOR, false, n, k);
    b.jump(join);
    b.switchTo(join);
    b.alu(AluOp.ADD, false, i, new Imm(1));
    b.branch(Cond.SLT, false, i, new Imm(15), loop ? head : exit, exit);
    b.switchTo(exit);
    b.ret(n, false);
    return List.of(entry, head, shortArm, longArm, join, exit);
  }

  @Test
  void inALoopTheShortArmIsLaidOutBeforeTheJoin() {
    List<Block> b = build(true);

    BlockLayout.arrange(f);

    assertEquals(List.of(b.get(0), b.get(1), b.get(3), b.get(2), b.get(4), b.get(5)), f.blocks());
  }

  @Test
  void outsideLoopsTheSourceOrderStays() {
    List<Block> b = build(false);

    BlockLayout.arrange(f);

    assertEquals(b, f.blocks());
  }
}
