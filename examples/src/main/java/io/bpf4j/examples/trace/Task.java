package io.bpf4j.examples.trace;

import io.bpf4j.annotations.KernelStruct;

/**
 * A view of the kernel's {@code struct task_struct}: the few fields the tracing examples read. Each
 * read compiles to a CO-RE relocated access, so the offsets come from the running kernel's BTF at
 * load time; in the simulator a test builds these objects itself.
 */
@KernelStruct("task_struct")
public final class Task {
  /** The thread id ({@code pid_t}). */
  public int pid;

  /** The process id: the thread group's leader's pid. */
  public int tgid;

  /** The parent process (the one {@code getppid} names). */
  public Task real_parent;

  /** The executable's name, NUL-terminated unless 16 bytes long. */
  public byte[] comm = new byte[16];
}
