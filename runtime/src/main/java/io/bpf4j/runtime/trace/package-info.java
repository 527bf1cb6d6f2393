/** Reading the kernel's trace pipe line by line. Internal. */
package io.bpf4j.runtime.trace;
