package golden;

import io.bpf4j.annotations.*;
import io.bpf4j.lang.*;

@License("GPL")
/**
 * Stack arrays that a helper then writes completely, whether it succeeds or not
 * (bpf_skb_load_bytes, bpf_get_current_comm, bpf_probe_read_kernel zero-fill on failure): their
 * zeroing is dead. bpf_xdp_load_bytes leaves the buffer as it was on failure and the _str reads
 * stop at the string's end, so those keep theirs.
 */
public final class FilledBuffers {
  @Section("socket")
  public static int skb(SkBuff skb) {
    byte[] buf = new byte[12];
    buf[3] = 7;
    if (skb.loadBytes(2, buf) < 0) {
      return buf[3];
    }
    return buf[0] + buf[11];
  }

  @Section("xdp")
  public static int xdp(XdpMd ctx) {
    byte[] buf = new byte[8];
    ctx.loadBytes(2, buf);
    return buf[0] + buf[7];
  }

  @Section("kprobe/do_nanosleep")
  public static int comm(PtRegs regs) {
    byte[] comm = new byte[16];
    Bpf.getCurrentComm(comm);
    byte[] word = new byte[8];
    Bpf.probeReadKernel(word, regs.arg(0));
    byte[] name = new byte[8];
    Bpf.probeReadKernelStr(name, regs.arg(1));
    return comm[0] + word[1] + name[7];
  }
}
