/**
 * The bytes under every part of the object format: one little-endian {@link
 * io.bpf4j.object.bytes.LeReader} and {@link io.bpf4j.object.bytes.LeWriter}, and one string table
 * ({@link io.bpf4j.object.bytes.StringTableWriter}, {@link
 * io.bpf4j.object.bytes.StringTableReader}) for ELF names and BTF strings alike.
 */
package io.bpf4j.object.bytes;
