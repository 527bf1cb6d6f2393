package io.bpf4j.processor.ir;

/** An instruction operand: a register, an immediate, or an address the emitter materializes. */
public sealed interface Operand
    permits Reg, Imm, FrameAddr, MapAddr, DataAddr, CoreValue, FuncAddr {}
