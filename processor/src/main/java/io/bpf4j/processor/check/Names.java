package io.bpf4j.processor.check;

/** Method keys (name + descriptor) as the messages show them. */
final class Names {
  private Names() {}

  /** The name of method key {@code nameAndDescriptor}. */
  static String methodName(String nameAndDescriptor) {
    return nameAndDescriptor.substring(0, nameAndDescriptor.indexOf('('));
  }
}
