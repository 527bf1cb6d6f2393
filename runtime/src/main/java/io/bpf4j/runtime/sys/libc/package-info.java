/**
 * The libc functions the runtime calls. Exported by the module only because jnr-ffi implements them
 * in a class loader of its own; not API.
 */
package io.bpf4j.runtime.sys.libc;
