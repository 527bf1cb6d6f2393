#!/usr/bin/env python3
"""Regenerates encoder-table.txt and the two encoder-table.objdump*.txt listings.

Each row pairs an Assembler call with the same instruction in LLVM's BPF assembly. The assembly
is assembled by llvm-mc-19 and disassembled by llvm-objdump-19, and the table records what those
tools produced: the bytes and the text. The unit tests then only read the checked-in files, so
they do not need LLVM. Run from this directory: python3 gen-encoder-table.py
"""

import re
import subprocess
import tempfile
from pathlib import Path

ALU = [("ADD", "+="), ("SUB", "-="), ("MUL", "*="), ("DIV", "/="), ("OR", "|="), ("AND", "&="),
       ("LSH", "<<="), ("RSH", ">>="), ("MOD", "%="), ("XOR", "^="), ("MOV", "="),
       ("ARSH", "s>>=")]
JUMPS = [("JEQ", "=="), ("JGT", ">"), ("JGE", ">="), ("JSET", "&"), ("JNE", "!="), ("JSGT", "s>"),
         ("JSGE", "s>="), ("JLT", "<"), ("JLE", "<="), ("JSLT", "s<"), ("JSLE", "s<=")]
SIZES = {1: "8", 2: "16", 4: "32", 8: "64"}
ATOMICS = [("ATOMIC_ADD", "+", "add"), ("ATOMIC_OR", "|", "or"), ("ATOMIC_AND", "&", "and"),
           ("ATOMIC_XOR", "^", "xor")]


def mem(base, off):
    return f"(r{base} {'-' if off < 0 else '+'} {abs(off)})"


def rows():
    """(description, assembly) pairs; the assembly None means 'use the gotol object'."""
    out = []
    # ALU, both widths, register and immediate sources, with registers and values that vary.
    for i, (op, sym) in enumerate(ALU):
        for is64, p in ((True, "r"), (False, "w")):
            d, s = i % 10, (i * 3 + 1) % 11
            imm = [-7, 1, 0x7fffffff, -0x80000000, 255, 31, 3][i % 7]
            flag = "true" if is64 else "false"
            out.append((f"alu({flag}, {op}, R{d}, R{s})", f"{p}{d} {sym} {p}{s}"))
            out.append((f"alu({flag}, {op}, R{d}, {imm})", f"{p}{d} {sym} {imm}"))
    for is64, p in ((True, "r"), (False, "w")):
        flag = "true" if is64 else "false"
        out.append((f"alu({flag}, DIV, R1, R2, 1)", f"{p}1 s/= {p}2"))
        out.append((f"alu({flag}, DIV, R3, -5, 1)", f"{p}3 s/= -5"))
        out.append((f"alu({flag}, MOD, R4, R5, 1)", f"{p}4 s%= {p}5"))
        out.append((f"alu({flag}, MOD, R6, 7, 1)", f"{p}6 s%= 7"))
        out.append((f"neg({flag}, R7)", f"{p}7 = -{p}7"))
    out += [
        ("mov64(R0, R10)", "r0 = r10"),
        ("mov64(R1, -2147483648)", "r1 = -2147483648"),
        ("mov32(R2, R3)", "w2 = w3"),
        ("mov32(R2, -1)", "w2 = -1"),
        ("movsx64(R1, R2, 8)", "r1 = (s8)r2"),
        ("movsx64(R3, R4, 16)", "r3 = (s16)r4"),
        ("movsx64(R5, R6, 32)", "r5 = (s32)r6"),
        ("movsx32(R7, R8, 8)", "w7 = (s8)w8"),
        ("movsx32(R9, R0, 16)", "w9 = (s16)w0"),
    ]
    for bits in (16, 32, 64):
        out.append((f"bswap(R1, {bits})", f"r1 = bswap{bits} r1"))
        out.append((f"endian(R2, {bits}, true)", f"r2 = be{bits} r2"))
        out.append((f"endian(R3, {bits}, false)", f"r3 = le{bits} r3"))
    out += [
        ("ldImm64(R1, 0x123456789abcdef0)", "r1 = 0x123456789abcdef0 ll"),
        ("ldImm64(R2, -1)", "r2 = -1 ll"),
        ("ldImm64(R0, 0)", "r0 = 0 ll"),
        ("ldImm64(R9, 0x7fffffff80000000)", "r9 = 0x7fffffff80000000 ll"),
        ('ldMap(R1, "mymap")', "r1 = mymap ll"),
        ('ldData(R2, ".rodata", 4)', "r2 = msg + 4 ll"),
    ]
    for i, (size, bits) in enumerate(SIZES.items()):
        off = [4, -8, 0, 32767][i]
        out.append((f"ldx({size}, R{i}, R{i + 6}, {off})", f"r{i} = *(u{bits} *){mem(i + 6, off)}"))
        out.append((f"stx({size}, R10, {-off - 1}, R{i + 1})",
                    f"*(u{bits} *){mem(10, -off - 1)} = r{i + 1}"))
        out.append((f"st({size}, R{i + 1}, {off}, {-i - 1})", f"*(u{bits} *){mem(i + 1, off)} = {-i - 1}"))
    for size, bits in ((1, "8"), (2, "16"), (4, "32")):
        out.append((f"ldxsx({size}, R1, R2, -{size})", f"r1 = *(s{bits} *){mem(2, -size)}"))
    for size, (p, u) in ((4, ("w", "u32")), (8, ("r", "u64"))):
        for op, sym, name in ATOMICS:
            out.append((f"atomic({size}, {op}, R1, 8, R2)", f"lock *({u} *)(r1 + 8) {sym}= {p}2"))
            out.append((f"atomic({size}, {op}|ATOMIC_FETCH, R3, -16, R4)",
                        f"{p}4 = atomic_fetch_{name}(({u} *)(r3 - 16), {p}4)"))
        width = "_32" if size == 4 else "_64"
        xchg = "xchg32" if size == 4 else "xchg"
        cmpxchg = "cmpxchg32" if size == 4 else "cmpxchg"
        out.append((f"atomic({size}, ATOMIC_XCHG, R5, 0, R6)", f"{p}6 = {xchg}{width}(r5 + 0, {p}6)"))
        out.append((f"atomic({size}, ATOMIC_CMPXCHG, R7, 24, R8)",
                    f"{p}0 = {cmpxchg}{width}(r7 + 24, {p}0, {p}8)"))
    for size, bits in ((1, "8"), (2, "16"), (4, "32")):
        out.append((f"ldAbs({size}, {12 * size})", f"r0 = *(u{bits} *)skb[{12 * size}]"))
        out.append((f"ldInd({size}, R{size}, 0)", f"r0 = *(u{bits} *)skb[r{size}]"))
    for i, (op, sym) in enumerate(JUMPS):
        d, s = i % 10, (i + 4) % 11
        off = [1, -2, 0, 16, -300, 32767, -32768, 5, 2, -1, 9][i]
        imm = [0, -3, 0x7fffffff, -0x80000000, 1, 255, -1, 64, 7, 0, 100][i]
        sign = "+" if off >= 0 else ""
        out.append((f"jmp({op}, R{d}, R{s}, {sign}{off})", f"if r{d} {sym} r{s} goto {sign}{off}"))
        out.append((f"jmp({op}, R{d}, {imm}, {sign}{off})", f"if r{d} {sym} {imm} goto {sign}{off}"))
        out.append((f"jmp32({op}, R{s}, R{d}, {sign}{off})", f"if w{s} {sym} w{d} goto {sign}{off}"))
        out.append((f"jmp32({op}, R{s}, {imm}, {sign}{off})", f"if w{s} {sym} {imm} goto {sign}{off}"))
    out += [
        ("ja(+3)", "goto +3"),
        ("ja(-1)", "goto -1"),
        ("ja(+32767)", "goto +32767"),
        ("ja(+70000)", None),
        ("call(1)", "call 1"),
        ("call(212)", "call 212"),
        ('callFunction("g")', "call g"),
        ("exit()", "exit"),
    ]
    return out


def objdump(obj, *extra):
    text = subprocess.run(["llvm-objdump-19", "-d", "-r", *extra, str(obj)], check=True,
                          capture_output=True, text=True).stdout
    lines = text.splitlines()
    start = lines.index("0000000000000000 <.text>:") + 1
    return [line for line in lines[start:] if line]


def assemble(source, tmp, name):
    src = tmp / f"{name}.s"
    obj = tmp / f"{name}.o"
    src.write_text(source)
    subprocess.run(["llvm-mc-19", "-triple", "bpfel", "-mcpu=v4", "-filetype=obj", str(src), "-o",
                    str(obj)], check=True)
    return obj


def instructions(listing):
    """(hex, text) of each instruction line, with llvm's jump target annotation removed."""
    result = []
    for line in listing:
        if line.startswith("\t\t"):
            continue
        _, hexbytes, text = line.split("\t", 2)
        result.append((hexbytes, re.sub(r" <[^ >]*>$", "", text)))
    return result


def main():
    table = rows()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        # gotol needs a target beyond 16 bits, which llvm-mc only takes as a label.
        far = assemble("\t.text\n\tgotol .Lfar\n\t.space 560000\n.Lfar:\n\texit\n", tmp, "far")
        gotol = instructions(objdump(far))[0]
        body = []
        for desc, source in table:
            if source is None:
                body.append("\t.byte " + ", ".join("0x" + b for b in gotol[0].split()))
            else:
                body.append("\t" + source)
        source = ("\t.text\n" + "\n".join(body) + "\n\t.section .rodata\nmsg:\n"
                  + "\t.asciz \"hello, world\"\n")
        obj = assemble(source, tmp, "table")
        plain = objdump(obj)
        v4 = objdump(obj, "--mcpu=v4")
    Path("encoder-table.objdump.txt").write_text("\n".join(plain) + "\n")
    Path("encoder-table.objdump-v4.txt").write_text("\n".join(v4) + "\n")
    lines = [
        "# Generated by gen-encoder-table.py from llvm-mc-19 and llvm-objdump-19: do not edit.",
        "# <Assembler call> | <bytes> | <llvm-objdump-19 -d text> [| <text with --mcpu=v4>]",
        "# Jump target annotations (<.text+0x..>) are cut off the text; the .objdump files",
        "# keep them. The last column is present only where --mcpu=v4 prints differently.",
    ]
    for (desc, _), (hexbytes, text), (_, text4) in zip(table, instructions(plain),
                                                      instructions(v4)):
        row = f"{desc} | {hexbytes} | {text}"
        lines.append(row if text4 == text else f"{row} | {text4}")
    Path("encoder-table.txt").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
