package io.bpf4j.runtime.links;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpf4j.runtime.BpfException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Symbol to file offset on a small ELF built here: {@code .text} at virtual address 0x401000 but
 * file offset 0x200 (as in a non-PIE executable), {@code .symtab} with a function, a weak and a
 * global definition of another, an undefined symbol and an object; {@code .dynsym} with a versioned
 * name.
 */
class ElfSymbolOffsetsTest {
  static final long TEXT_ADDR = 0x401000;
  static final long TEXT_OFFSET = 0x200;

  /** Builds the ELF: header, .text, .strtab, .symtab, .dynstr, .dynsym, .shstrtab, headers. */
  static byte[] smallElf() {
    Strings str = new Strings();
    Strings dynstr = new Strings();
    ByteBuffer symtab = le(24 * 6);
    symbol(symtab, 0, 0, 0, 0); // the null symbol
    symbol(symtab, str.add("probed"), info(1, 2), 1, TEXT_ADDR + 0x40);
    symbol(symtab, str.add("twice"), info(2, 2), 1, TEXT_ADDR + 0x80); // weak
    symbol(symtab, str.add("twice"), info(1, 2), 1, TEXT_ADDR + 0x90); // global wins
    symbol(symtab, str.add("undefined"), info(1, 2), 0, 0);
    symbol(symtab, str.add("data"), info(1, 1), 1, TEXT_ADDR + 0x10); // STT_OBJECT
    ByteBuffer dynsym = le(24 * 2);
    symbol(dynsym, 0, 0, 0, 0);
    symbol(dynsym, dynstr.add("exported@@V_1.0"), info(1, 2), 1, TEXT_ADDR + 0xa0);
    Strings shstr = new Strings();
    int[] names = {
      0,
      shstr.add(".text"),
      shstr.add(".strtab"),
      shstr.add(".symtab"),
      shstr.add(".dynstr"),
      shstr.add(".dynsym"),
      shstr.add(".shstrtab")
    };
    byte[][] contents = {
      new byte[0],
      new byte[0x100],
      str.bytes(),
      symtab.array(),
      dynstr.bytes(),
      dynsym.array(),
      shstr.bytes()
    };
    int[] types = {0, 1, 3, 2, 3, 11, 3};
    int[] links = {0, 0, 0, 2, 0, 4, 0};
    long[] offsets = new long[7];
    long at = TEXT_OFFSET;
    for (int i = 1; i < 7; i++) {
      offsets[i] = at;
      at += (contents[i].length + 7) & ~7;
    }
    long shoff = at;
    ByteBuffer elf = le((int) (shoff + 64 * 7));
    elf.putInt(0, 0x464c457f).put(4, (byte) 2).put(5, (byte) 1).put(6, (byte) 1);
    elf.putShort(16, (short) 2).putShort(18, (short) 62).putInt(20, 1);
    elf.putLong(0x28, shoff).putShort(0x34, (short) 64).putShort(0x3a, (short) 64);
    elf.putShort(0x3c, (short) 7).putShort(0x3e, (short) 6);
    for (int i = 1; i < 7; i++) {
      elf.put((int) offsets[i], contents[i]);
      int h = (int) (shoff + 64L * i);
      elf.putInt(h, names[i]).putInt(h + 4, types[i]);
      elf.putLong(h + 16, i == 1 ? TEXT_ADDR : 0).putLong(h + 24, offsets[i]);
      elf.putLong(h + 32, contents[i].length).putInt(h + 40, links[i]);
      elf.putLong(h + 56, types[i] == 2 || types[i] == 11 ? 24 : 0);
    }
    return elf.array();
  }

  @Test
  void aFunctionsOffsetIsItsAddressMovedFromTheSectionsAddressToItsOffset() {
    ByteBuffer elf = ByteBuffer.wrap(smallElf()).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(TEXT_OFFSET + 0x40, ElfSymbolOffsets.offset(elf, "probed", "small"));
    assertEquals(TEXT_OFFSET + 0x90, ElfSymbolOffsets.offset(elf, "twice", "small"));
    assertEquals(TEXT_OFFSET + 0xa0, ElfSymbolOffsets.offset(elf, "exported", "small"));
  }

  @Test
  void undefinedSymbolsObjectsAndUnknownNamesAreNoFunctions() {
    ByteBuffer elf = ByteBuffer.wrap(smallElf()).order(ByteOrder.LITTLE_ENDIAN);
    for (String name : new String[] {"undefined", "data", "prob", "nothing"}) {
      BpfException e =
          assertThrows(BpfException.class, () -> ElfSymbolOffsets.offset(elf, name, "small"));
      assertTrue(e.getMessage().contains("defines no function " + name), e.getMessage());
    }
  }

  @Test
  void readsFilesAndRefusesWhatIsNotElf(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("small");
    Files.write(file, smallElf());
    assertEquals(TEXT_OFFSET + 0x40, ElfSymbolOffsets.offset(file, "probed"));
    Files.writeString(
        dir.resolve("text"), "#!/bin/sh\necho not an ELF file, but long enough....\n");
    BpfException e =
        assertThrows(
            BpfException.class, () -> ElfSymbolOffsets.offset(dir.resolve("text"), "probed"));
    assertTrue(e.getMessage().contains("is not an ELF file"), e.getMessage());
  }

  private static int info(int bind, int type) {
    return (bind << 4) | type;
  }

  private static void symbol(ByteBuffer b, int name, int info, int shndx, long value) {
    b.putInt(name).put((byte) info).put((byte) 0).putShort((short) shndx).putLong(value).putLong(8);
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** A string table: offset 0 is the empty name. */
  private static final class Strings {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Strings() {
      out.write(0);
    }

    int add(String s) {
      int at = out.size();
      out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
      out.write(0);
      return at;
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }
}
