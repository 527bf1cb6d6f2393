package io.bpf4j.object.btf;

/**
 * A parsed {@code .BTF} section: its type table and its string section, which {@code .BTF.ext}
 * refers into (pass {@code parsed::stringAt} to {@link BtfExtReader#read}).
 */
public record ParsedBtf(Btf btf, BtfStrings strings) {

  /**
   * The string at the given string-section offset.
   *
   * @throws io.bpf4j.object.ObjectFormatException when the offset lies outside the section
   */
  public String stringAt(int offset) {
    return strings.at(offset);
  }
}
