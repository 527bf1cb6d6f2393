package io.bpf4j.object;

/**
 * Bytes that are not a well-formed eBPF object: a truncated or corrupt ELF file, BTF blob, {@code
 * .BTF.ext} section or instruction stream. Every reader in this module reports bad input with this
 * exception and no other.
 */
public class ObjectFormatException extends RuntimeException {
  public ObjectFormatException(String message) {
    super(message);
  }

  public ObjectFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
