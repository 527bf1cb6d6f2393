/**
 * The only code that touches jnr-ffi: {@link io.bpf4j.runtime.sys.Kernel}, everything the runtime
 * asks of the kernel, and {@link io.bpf4j.runtime.sys.LinuxKernel}, its implementation over {@code
 * bpf(2)} and libc. Failures are {@link io.bpf4j.runtime.sys.SyscallException}s carrying the errno;
 * the layers above say what to do about them. Internal: not exported by the module.
 */
package io.bpf4j.runtime.sys;
