package io.bpf4j.object.link;

import io.bpf4j.object.ObjectFormatException;
import io.bpf4j.object.btf.Btf;
import io.bpf4j.object.btf.BtfType;
import io.bpf4j.object.elf.Elf;
import io.bpf4j.object.elf.ElfFile;
import io.bpf4j.object.elf.Section;
import io.bpf4j.object.elf.Symbol;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fixes an object's BTF up in place as libbpf does for a current kernel: {@code DATASEC} sizes and
 * the offsets of global variables, which clang leaves 0, taken from the ELF sections and symbols;
 * {@code DATASEC} variables sorted by offset; variables and subprograms of hidden visibility made
 * static. Externs, which the reader does not support, are refused here.
 */
final class BtfFixup {
  private static final int STV_INTERNAL = 1;
  private static final int STV_HIDDEN = 2;

  private final ElfFile elf;
  private final Btf btf;
  private final List<ObjectFunction> functions;

  BtfFixup(ElfFile elf, Btf btf, List<ObjectFunction> functions) {
    this.elf = elf;
    this.btf = btf;
    this.functions = functions;
  }

  /** libbpf's {@code bpf_object_fixup_btf} and the extern checks the kernel would make. */
  void apply() {
    Map<String, Symbol> globalObjects = new HashMap<>();
    for (Symbol s : elf.symbols()) {
      if (s.type() == Elf.STT_OBJECT && (s.bind() == Elf.STB_GLOBAL || s.bind() == Elf.STB_WEAK)) {
        globalObjects.putIfAbsent(s.name(), s);
      }
    }
    for (int id = 1; id <= btf.typeCount(); id++) {
      BtfType t = btf.type(id);
      if (t instanceof BtfType.Var v && v.linkage() == BtfType.Var.GLOBAL_EXTERN) {
        throw new ObjectFormatException("extern variable '" + v.name() + "' is not supported");
      }
      if (t instanceof BtfType.Func f && f.linkage() == BtfType.Func.EXTERN) {
        throw new ObjectFormatException(
            "extern function '" + f.name() + "' (a kfunc?) is not supported");
      }
      if (t instanceof BtfType.Datasec d) {
        btf.set(id, fixupDatasec(d, globalObjects));
      }
    }
    // Hidden global subprograms are static as far as the verifier is concerned.
    Map<String, Integer> funcIds = null;
    for (ObjectFunction f : functions) {
      if (!f.program
          && f.symbol.bind() == Elf.STB_GLOBAL
          && (f.symbol.visibility() == STV_HIDDEN || f.symbol.visibility() == STV_INTERNAL)) {
        if (funcIds == null) {
          funcIds = new HashMap<>();
          for (int id = 1; id <= btf.typeCount(); id++) {
            if (btf.type(id) instanceof BtfType.Func func) {
              funcIds.putIfAbsent(func.name(), id);
            }
          }
        }
        Integer id = funcIds.get(f.name);
        if (id != null) {
          BtfType.Func func = (BtfType.Func) btf.type(id);
          btf.set(id, new BtfType.Func(func.name(), func.protoType(), BtfType.Func.STATIC));
        }
      }
    }
  }

  private BtfType.Datasec fixupDatasec(BtfType.Datasec d, Map<String, Symbol> globalObjects) {
    String name = d.name();
    if (name.equals(".kconfig") || name.equals(".ksyms")) {
      throw new ObjectFormatException("externs (DATASEC " + name + ") are not supported");
    }
    int size = d.size();
    boolean fixOffsets = false;
    if (size == 0) {
      Section s = elf.section(name).orElse(null);
      if (s == null || s.size() == 0) {
        throw new ObjectFormatException(
            "BTF DATASEC '" + name + "' has size 0 and there is no ELF section to take it from");
      }
      if (s.size() < 0 || s.size() > 0xffffffffL) {
        throw new ObjectFormatException("section '" + name + "' is too large for BTF");
      }
      size = (int) s.size();
      fixOffsets = true;
    }
    List<BtfType.VarSecinfo> vars = new ArrayList<>(d.vars().size());
    for (BtfType.VarSecinfo vsi : d.vars()) {
      if (!(btf.type(vsi.type()) instanceof BtfType.Var v)) {
        throw new ObjectFormatException(
            "BTF DATASEC '" + name + "' lists type " + vsi.type() + ", which is not a VAR");
      }
      if (v.linkage() == BtfType.Var.STATIC) {
        vars.add(vsi);
        continue;
      }
      Symbol sym = globalObjects.get(v.name());
      if (sym == null) {
        throw new ObjectFormatException(
            "BTF DATASEC '" + name + "': no ELF symbol for global variable '" + v.name() + "'");
      }
      int offset = vsi.offset();
      if (fixOffsets) {
        if (sym.value() < 0 || sym.value() > 0xffffffffL) {
          throw new ObjectFormatException("symbol '" + sym.name() + "' has a bad value");
        }
        offset = (int) sym.value();
      }
      if (sym.visibility() == STV_HIDDEN || sym.visibility() == STV_INTERNAL) {
        btf.set(vsi.type(), new BtfType.Var(v.name(), v.type(), BtfType.Var.STATIC));
      }
      vars.add(new BtfType.VarSecinfo(vsi.type(), offset, vsi.size()));
    }
    vars.sort(Comparator.comparingLong(v -> Integer.toUnsignedLong(v.offset())));
    return new BtfType.Datasec(name, size, vars);
  }
}
