package io.bpf4j.processor.opt;

import io.bpf4j.processor.ir.Block;
import io.bpf4j.processor.ir.Branch;
import io.bpf4j.processor.ir.Function;
import io.bpf4j.processor.ir.Jump;
import java.util.List;
import java.util.Map;

/**
 * Picks one arm of each tc packet read the frontend translated with two (a direct load after its
 * own bounds check, and LD_ABS or {@code bpf_skb_load_bytes}, which reach every byte). Where a
 * dominating check (a {@code linearLength()} test) proves the bytes in bounds, {@link PacketChecks}
 * has already made the read's check a jump to the direct arm. Every check still standing would test
 * each read on its own and carry both arms, larger than the slow way alone (which is what clang's
 * {@code load_half} is), so it becomes a jump to the slow way and the direct arm dies unreached.
 */
final class DirectPacketArms {
  private DirectPacketArms() {}

  static void keepProvenOnly(Function f) {
    Map<Branch, Block> checks = f.directArmChecks();
    if (checks.isEmpty()) {
      return;
    }
    for (Block b : f.blocks()) {
      List<?> insns = b.insns();
      if (insns.isEmpty() || !(b.terminator() instanceof Branch br)) {
        continue;
      }
      Block direct = checks.get(br);
      if (direct != null && br.ifTrue() != br.ifFalse()) {
        if (br.ifFalse() == direct) {
          b.insns().set(insns.size() - 1, new Jump(br.ifTrue(), br.line()));
        } else if (br.ifTrue() == direct) {
          b.insns().set(insns.size() - 1, new Jump(br.ifFalse(), br.line()));
        }
      }
    }
    checks.clear();
  }
}
