package io.bpf4j.runtime.links;

import io.bpf4j.runtime.sys.Fd;
import io.bpf4j.runtime.sys.Kernel;
import io.bpf4j.runtime.sys.SyscallException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@code NETLINK_ROUTE} socket that sends one request at a time and reads the kernel's answer:
 * the messages it echoes, then the acknowledgement ({@code NLMSG_ERROR} with error 0) or the error,
 * with the kernel's explanation when it gives one (extended acks, 4.12+).
 */
final class RtNetlink implements AutoCloseable {
  static final int AF_NETLINK = 16;
  static final int SOCK_RAW = 3;
  static final int SOCK_CLOEXEC = 0x80000;
  static final int NETLINK_ROUTE = 0;
  static final int SOL_NETLINK = 270;
  static final int NETLINK_EXT_ACK = 11;
  static final int NLM_F_CAPPED = 0x100;
  static final int NLM_F_ACK_TLVS = 0x200;
  static final int NLMSGERR_ATTR_MSG = 1;

  /** A failed request: the errno and the kernel's message, if any. */
  static final class NetlinkException extends Exception {
    final int errno;
    final String kernelMessage;

    NetlinkException(int errno, String kernelMessage) {
      super("netlink error " + errno + (kernelMessage == null ? "" : ": " + kernelMessage));
      this.errno = errno;
      this.kernelMessage = kernelMessage;
    }
  }

  private final Kernel kernel;
  private final Fd socket;
  private int seq = (int) (System.nanoTime() & 0x7fffffff);

  private RtNetlink(Kernel kernel, Fd socket) {
    this.kernel = kernel;
    this.socket = socket;
  }

  static RtNetlink open(Kernel kernel) throws SyscallException {
    Fd socket = kernel.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    try {
      kernel.bind(socket, new byte[] {AF_NETLINK, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
      try {
        kernel.setsockopt(socket, SOL_NETLINK, NETLINK_EXT_ACK, new byte[] {1, 0, 0, 0});
      } catch (SyscallException e) {
        // Older kernels give no explanations; the errno alone still says what failed.
      }
      return new RtNetlink(kernel, socket.describe("rtnetlink socket"));
    } catch (SyscallException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** The sequence number for the next request. */
  int nextSeq() {
    return ++seq;
  }

  /**
   * Sends {@code request} (whose sequence number is {@code seq}) and returns the messages the
   * kernel answered with before its acknowledgement.
   */
  List<ByteBuffer> request(byte[] request, int seq) throws SyscallException, NetlinkException {
    kernel.send(socket, request);
    List<ByteBuffer> replies = new ArrayList<>();
    byte[] buffer = new byte[64 * 1024];
    while (true) {
      int n = kernel.receive(socket, buffer);
      byte[] received = Arrays.copyOf(buffer, n);
      ByteBuffer all = ByteBuffer.wrap(received).order(ByteOrder.LITTLE_ENDIAN);
      int at = 0;
      while (at + NetlinkMessage.HEADER <= n) {
        int len = all.getInt(at);
        int type = Short.toUnsignedInt(all.getShort(at + 4));
        int flags = Short.toUnsignedInt(all.getShort(at + 6));
        int replySeq = all.getInt(at + 8);
        if (len < NetlinkMessage.HEADER || at + len > n) {
          throw new NetlinkException(5, "malformed netlink reply");
        }
        ByteBuffer message =
            ByteBuffer.wrap(received, at, len).slice().order(ByteOrder.LITTLE_ENDIAN);
        at += (len + 3) & ~3;
        if (replySeq != seq) {
          continue;
        }
        if (type == NetlinkMessage.NLMSG_ERROR) {
          int error = message.getInt(NetlinkMessage.HEADER);
          if (error == 0) {
            return replies;
          }
          throw new NetlinkException(-error, extendedAckMessage(message, flags));
        }
        if (type == NetlinkMessage.NLMSG_DONE) {
          return replies;
        }
        replies.add(message);
      }
    }
  }

  /** {@code NLMSGERR_ATTR_MSG} of an error with {@code NLM_F_ACK_TLVS}, else null. */
  static String extendedAckMessage(ByteBuffer error, int flags) {
    if ((flags & NLM_F_ACK_TLVS) == 0) {
      return null;
    }
    // struct nlmsgerr: the error, then the request's header (and its payload unless capped).
    int request = NetlinkMessage.HEADER + 4;
    int at =
        (flags & NLM_F_CAPPED) != 0
            ? request + NetlinkMessage.HEADER
            : request + error.getInt(request);
    at = (at + 3) & ~3;
    while (at + 4 <= error.limit()) {
      int len = Short.toUnsignedInt(error.getShort(at));
      int type = Short.toUnsignedInt(error.getShort(at + 2)) & 0x3fff;
      if (len < 4 || at + len > error.limit()) {
        return null;
      }
      if (type == NLMSGERR_ATTR_MSG) {
        int end = at + 4;
        while (end < at + len && error.get(end) != 0) {
          end++;
        }
        byte[] text = new byte[end - at - 4];
        error.get(at + 4, text);
        return new String(text, StandardCharsets.UTF_8);
      }
      at += (len + 3) & ~3;
    }
    return null;
  }

  @Override
  public void close() {
    socket.close();
  }
}
