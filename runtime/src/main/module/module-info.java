/**
 * bpf4j's loader: loads eBPF objects into the kernel through {@code bpf(2)} and gives user space
 * their programs, maps and links. Only {@code io.bpf4j.runtime} is API; the machinery in its
 * subpackages, and above all {@code sys} (the only code that touches jnr-ffi), stays internal.
 */
module io.bpf4j.runtime {
  requires transitive bpf.object;
  requires org.jnrproject.ffi;
  requires org.jnrproject.jffi;

  exports io.bpf4j.runtime;

  // Not API: jnr-ffi implements LibC in a class of its own class loader's unnamed module, which
  // must be able to see the interface.
  exports io.bpf4j.runtime.sys.libc;
}
