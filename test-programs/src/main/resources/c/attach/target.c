/* gcc -O1 -o target target.c
 * The process the attach tests trace: waits for a line on stdin (so that the test can move it into
 * a cgroup first), then does N rounds of: one getppid system call, one call of
 * bpf4j_probe_target (uprobes), and with a port argument one UDP datagram to port (of address,
 * 127.0.0.1 by default).
 * usage: target ROUNDS [PORT [ADDRESS]] */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

__attribute__((noinline)) int bpf4j_probe_target(int i) {
  __asm__ volatile("" ::: "memory");
  return i * 2 + 1;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 0;
  int port = argc > 2 ? atoi(argv[2]) : 0;
  const char *address = argc > 3 ? argv[3] : "127.0.0.1";
  char line[64];
  if (!fgets(line, sizeof line, stdin)) {
    return 2;
  }
  int sock = -1;
  struct sockaddr_in to = {0};
  if (port) {
    sock = socket(AF_INET, SOCK_DGRAM, 0);
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    if (inet_pton(AF_INET, address, &to.sin_addr) != 1) {
      return 4;
    }
  }
  long sum = 0;
  for (int i = 0; i < n; i++) {
    syscall(SYS_getppid);
    sum += bpf4j_probe_target(i);
    if (sock >= 0 && sendto(sock, "bpf4j", 5, 0, (struct sockaddr *)&to, sizeof to) != 5) {
      return 3;
    }
  }
  printf("%ld\n", sum);
  return 0;
}
