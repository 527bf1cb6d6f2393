package io.bpf4j.testing;

import io.bpf4j.lang.BpfMap;
import io.bpf4j.lang.BpfQueue;
import io.bpf4j.lang.BpfStack;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A simulated {@code BPF_MAP_TYPE_QUEUE} (FIFO) or {@code BPF_MAP_TYPE_STACK} (LIFO) of at most
 * {@code maxEntries} values, as {@code kernel/bpf/queue_stack_maps.c} keeps them: a push to a full
 * map fails with {@code -E2BIG} unless its flags are {@code BPF_EXIST}, which drops the oldest
 * value first; flags other than 0 and {@code BPF_EXIST} are {@code -EINVAL}; pop and peek copy the
 * value out (the oldest for a queue, the newest for a stack) and return null when the map is empty.
 * Values are copied in and out, so a program's later writes to its object do not reach the map.
 *
 * @param <T> the value type
 */
public final class SimQueue<T> implements BpfQueue<T>, BpfStack<T> {
  private static final int E2BIG = 7;
  private static final int EINVAL = 22;

  private final String name;
  private final boolean lifo;
  private final int maxEntries;
  private final ValueLayout layout;

  /** Oldest first. */
  private final Deque<Object> values = new ArrayDeque<>();

  SimQueue(String name, boolean lifo, int maxEntries, ValueLayout layout) {
    this.name = name;
    this.lifo = lifo;
    this.maxEntries = maxEntries;
    this.layout = layout;
  }

  @Override
  public int push(T value, long flags) {
    if (value == null) {
      throw new NullArgumentException(name, "value");
    }
    if (flags != 0 && flags != BpfMap.EXIST) {
      return -EINVAL;
    }
    if (values.size() >= maxEntries) {
      if (flags != BpfMap.EXIST) {
        return -E2BIG;
      }
      values.removeFirst();
    }
    values.addLast(layout.copy(value));
    return 0;
  }

  @Override
  @SuppressWarnings("unchecked")
  public T pop() {
    if (values.isEmpty()) {
      return null;
    }
    return (T) (lifo ? values.removeLast() : values.removeFirst());
  }

  @Override
  @SuppressWarnings("unchecked")
  public T peek() {
    if (values.isEmpty()) {
      return null;
    }
    return (T) layout.copy(lifo ? values.peekLast() : values.peekFirst());
  }

  /** The map's name in the object. */
  public String name() {
    return name;
  }

  /** Whether this is a {@code STACK} (pop returns the newest value). */
  public boolean isStack() {
    return lifo;
  }

  /** How many values the map holds. */
  public int size() {
    return values.size();
  }

  /**
   * The values in the order pops would return them, without removing them (copies); what a test
   * reads after a run, as user space would by popping.
   */
  @SuppressWarnings("unchecked")
  public List<T> contents() {
    List<T> out = new ArrayList<>();
    var it = lifo ? values.descendingIterator() : values.iterator();
    while (it.hasNext()) {
      out.add((T) layout.copy(it.next()));
    }
    return out;
  }

  /** Clears the map. */
  public void clear() {
    values.clear();
  }
}
