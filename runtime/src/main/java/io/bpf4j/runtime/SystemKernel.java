package io.bpf4j.runtime;

import io.bpf4j.runtime.errors.Errors;
import io.bpf4j.runtime.sys.Kernel;
import io.bpf4j.runtime.sys.KernelUnavailableException;
import io.bpf4j.runtime.sys.LinuxKernel;

/** The kernel the public entry points use when no other is given: the one this process runs on. */
final class SystemKernel {
  private SystemKernel() {}

  static Kernel get() {
    try {
      return LinuxKernel.instance();
    } catch (KernelUnavailableException e) {
      throw Errors.unavailable(e);
    }
  }
}
