package io.bpf4j.runtime.maps;

/** Little-endian codecs for {@code Integer} and {@code Long} keys and values. */
final class ScalarCodecs {
  private ScalarCodecs() {}

  static final Codec<Integer> INT =
      new Codec<>() {
        @Override
        public int size() {
          return 4;
        }

        @Override
        public void encode(Integer value, byte[] out, int offset) {
          Bytes.putInt(out, offset, value);
        }

        @Override
        public Integer decode(byte[] in, int offset) {
          return Bytes.getInt(in, offset);
        }
      };

  static final Codec<Long> LONG =
      new Codec<>() {
        @Override
        public int size() {
          return 8;
        }

        @Override
        public void encode(Long value, byte[] out, int offset) {
          Bytes.putLong(out, offset, value);
        }

        @Override
        public Long decode(byte[] in, int offset) {
          return Bytes.getLong(in, offset);
        }
      };
}
