#!/usr/bin/env python3
"""Regenerates random-listing.hex and its llvm-objdump-19 listings random-listing.objdump*.txt.

The bytes are pseudo-random instructions, biased towards real opcodes but with odd register
numbers, offsets and immediates, some runs of zero bytes and a ragged tail, so the listings pin
down how llvm-objdump-19 prints encodings it does not expect. Run from this directory.
"""

import random
import subprocess
import tempfile
from pathlib import Path

OPCODES = [
    0x07, 0x0f, 0x04, 0x0c, 0x17, 0x1f, 0x14, 0x1c, 0x27, 0x2f, 0x37, 0x3f, 0x34, 0x3c, 0x47,
    0x4f, 0x57, 0x5f, 0x67, 0x6f, 0x77, 0x7f, 0x87, 0x84, 0x97, 0x9f, 0x94, 0x9c, 0xa7, 0xaf,
    0xb7, 0xbf, 0xb4, 0xbc, 0xc7, 0xcf, 0xd4, 0xdc, 0xd7, 0x18, 0x20, 0x28, 0x30, 0x40, 0x48,
    0x50, 0x61, 0x69, 0x71, 0x79, 0x81, 0x89, 0x91, 0x62, 0x6a, 0x72, 0x7a, 0x63, 0x6b, 0x73,
    0x7b, 0xc3, 0xdb, 0x05, 0x15, 0x1d, 0x06, 0x16, 0x1e, 0x85, 0x8d, 0x95, 0xe5, 0xa5, 0xad,
    0xa6, 0xae, 0xd5, 0xde,
]


def nibble(rnd):
    return rnd.choice([0, 1, 2, 3, 10, 11, rnd.randrange(16), rnd.randrange(12)])


def offset(rnd):
    return rnd.choice([0, 0, 0, 1, 8, 16, 32, 64, -1, rnd.randrange(-40, 40),
                       rnd.randrange(-32768, 32768), -32768, 32767]) & 0xffff


def immediate(rnd):
    return rnd.choice([0, 0, 1, 16, 32, 64, 8, 0x40, 0x41, 0x50, 0x51, 0xa0, 0xa1, 0xe1, 0xf1,
                       0xe0, 0xf0, 0x02, 0x101, 0x10000, -1, -7, 0x7fffffff, -0x80000000,
                       rnd.randrange(-300, 300), rnd.randrange(-2**31, 2**31),
                       rnd.randrange(256)]) & 0xffffffff


def generate(rnd, count):
    out = bytearray()
    for _ in range(count):
        if rnd.random() < 0.02:
            out += bytes(rnd.choice([4, 8, 12, 16, 20]))
            continue
        op = rnd.choice(OPCODES) if rnd.random() < 0.7 else rnd.randrange(256)
        off = offset(rnd) if rnd.random() < 0.5 else 0
        out += bytes([op, nibble(rnd) | nibble(rnd) << 4]) + off.to_bytes(2, "little")
        out += immediate(rnd).to_bytes(4, "little")
        if op == 0x18:
            if rnd.random() < 0.85:
                out += bytes(4) + immediate(rnd).to_bytes(4, "little")
            else:
                out += bytes(rnd.randrange(256) for _ in range(8))
    out += bytes([0x18, 0x01, 0, 0, 1, 2, 3, 4, 0, 0, 0])  # a truncated ld_imm64 at the end
    return bytes(out)


def listing(obj, *extra):
    text = subprocess.run(["llvm-objdump-19", "-d", "-r", *extra, str(obj)], check=True,
                          capture_output=True, text=True).stdout
    lines = text.splitlines()
    start = lines.index("0000000000000000 <.text>:") + 1
    return "\n".join(line for line in lines[start:] if line) + "\n"


def main():
    code = generate(random.Random(20240601), 1500)
    rows = [code[i:i + 16] for i in range(0, len(code), 16)]
    source = "\t.text\n" + "".join(
        "\t.byte " + ", ".join(f"0x{b:02x}" for b in row) + "\n" for row in rows)
    with tempfile.TemporaryDirectory() as d:
        src, obj = Path(d) / "r.s", Path(d) / "r.o"
        src.write_text(source)
        subprocess.run(["llvm-mc-19", "-triple", "bpfel", "-filetype=obj", str(src), "-o",
                        str(obj)], check=True)
        Path("random-listing.objdump.txt").write_text(listing(obj))
        Path("random-listing.objdump-v4.txt").write_text(listing(obj, "--mcpu=v4"))
    Path("random-listing.hex").write_text("".join(row.hex(" ") + "\n" for row in rows))


if __name__ == "__main__":
    main()
