package io.bpf4j.object;

import io.bpf4j.object.btf.Btf;
import io.bpf4j.object.btf.BtfType;
import io.bpf4j.object.elf.Elf;
import io.bpf4j.object.elf.ElfWriter;
import io.bpf4j.object.elf.SymbolHandle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the data sections of an object as clang does: {@code .data}, {@code .rodata} and {@code
 * .bss}, each variable a global {@code STT_OBJECT} symbol at its offset, each section a BTF {@code
 * DATASEC} of {@code VAR}s. Unlike clang, the {@code DATASEC} sizes and variable offsets are filled
 * in (as the BPF static linker leaves them), which libbpf accepts and keeps. {@code .rodata} starts
 * with the string constants, one static variable each, then the {@code const volatile} globals.
 */
final class DataSections {
  static final String DATA = ".data";
  static final String RODATA = ".rodata";
  static final String BSS = ".bss";

  /** The symbols of the variables by name, and the index of {@code .rodata} (-1 without). */
  record Written(Map<String, SymbolHandle> variables, int rodataIndex) {}

  private DataSections() {}

  static Written write(Btf btf, ElfWriter elf, byte[] strings, List<GlobalVariableSpec> globals) {
    Map<String, SymbolHandle> symbols = new LinkedHashMap<>();
    section(btf, elf, DATA, MapSpec.Kind.DATA, new byte[0], globals, symbols);
    int rodata = section(btf, elf, RODATA, MapSpec.Kind.RODATA, strings, globals, symbols);
    section(btf, elf, BSS, MapSpec.Kind.BSS, new byte[0], globals, symbols);
    return new Written(symbols, rodata);
  }

  private static int section(
      Btf btf,
      ElfWriter elf,
      String name,
      MapSpec.Kind kind,
      byte[] strings,
      List<GlobalVariableSpec> globals,
      Map<String, SymbolHandle> symbols) {
    List<GlobalVariableSpec> mine = globals.stream().filter(g -> g.section() == kind).toList();
    if (mine.isEmpty() && strings.length == 0) {
      return -1;
    }
    int[] offsets = new int[mine.size()];
    int size = strings.length;
    for (int i = 0; i < mine.size(); i++) {
      int align = mine.get(i).alignment();
      size = (size + align - 1) & -align;
      offsets[i] = size;
      size += mine.get(i).size();
    }
    byte[] contents = new byte[size];
    System.arraycopy(strings, 0, contents, 0, strings.length);
    for (int i = 0; i < mine.size(); i++) {
      byte[] value = mine.get(i).initialValue();
      System.arraycopy(value, 0, contents, offsets[i], value.length);
    }
    long flags = kind == MapSpec.Kind.RODATA ? Elf.SHF_ALLOC : Elf.SHF_ALLOC | Elf.SHF_WRITE;
    int type = kind == MapSpec.Kind.BSS ? Elf.SHT_NOBITS : Elf.SHT_PROGBITS;
    int index = elf.addSection(name, type, flags, contents, 8, 0);
    List<BtfType.VarSecinfo> vars = new ArrayList<>(stringVariables(btf, elf, index, strings));
    for (int i = 0; i < mine.size(); i++) {
      GlobalVariableSpec g = mine.get(i);
      symbols.put(
          g.name(),
          elf.addSymbol(g.name(), index, offsets[i], g.size(), Elf.STT_OBJECT, Elf.STB_GLOBAL));
      int valueType = g.btfTypeId();
      if (kind == MapSpec.Kind.RODATA) {
        valueType =
            btf.addOrFind(new BtfType.Const(btf.addOrFind(new BtfType.Volatile(valueType))));
      }
      int var = btf.add(new BtfType.Var(g.name(), valueType, BtfType.Var.GLOBAL_ALLOCATED));
      vars.add(new BtfType.VarSecinfo(var, offsets[i], g.size()));
    }
    btf.add(new BtfType.Datasec(name, size, vars));
    return index;
  }

  /** One static variable per string, so libbpf's {@code .rodata} map gets a BTF value type. */
  private static List<BtfType.VarSecinfo> stringVariables(
      Btf btf, ElfWriter elf, int index, byte[] strings) {
    List<BtfType.VarSecinfo> vars = new ArrayList<>();
    if (strings.length == 0) {
      return vars;
    }
    int charType = btf.addOrFind(new BtfType.Int("char", 1, BtfType.Int.SIGNED, 0, 8));
    int constChar = btf.addOrFind(new BtfType.Const(charType));
    int indexType = btf.addOrFind(new BtfType.Int("__ARRAY_SIZE_TYPE__", 4, 0, 0, 32));
    int start = 0;
    int n = 0;
    for (int i = 0; i < strings.length; i++) {
      if (strings[i] == 0) {
        int length = i + 1 - start;
        String name = "__bpf4j_str" + n++;
        int array = btf.addOrFind(new BtfType.Array(constChar, indexType, length));
        int var = btf.add(new BtfType.Var(name, array, BtfType.Var.STATIC));
        vars.add(new BtfType.VarSecinfo(var, start, length));
        elf.addSymbol(name, index, start, length, Elf.STT_OBJECT, Elf.STB_LOCAL);
        start = i + 1;
      }
    }
    return vars;
  }
}
