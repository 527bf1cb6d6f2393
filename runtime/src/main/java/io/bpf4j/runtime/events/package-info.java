/**
 * The machinery of the event readers ({@code RingBufReader}, {@code PerfBufferReader}): the
 * consumer side of the kernel's ring buffer and perf ring protocols over memory shared with the
 * kernel, record decoding, and the epoll set a reader sleeps on. Internal to the runtime.
 */
package io.bpf4j.runtime.events;
