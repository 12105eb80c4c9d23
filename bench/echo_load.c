/* echo_load.c: the load generator of scripts/bench-echo.sh. One thread,
 * epoll (level-triggered); N connections to 127.0.0.1:<port>, each with one
 * request in flight: send <size> bytes, wait for all of them to come back
 * (compared byte for byte), send the next. After <warmup> seconds it counts
 * for <seconds> seconds and prints one JSON line: requests per second,
 * latency percentiles (p50/p99/p99.9, microseconds, from every sample), the
 * server's thread count and RSS per connection (from /proc/<pid>/status,
 * before connecting and at the end of the run), errors.
 *
 *   echo_load --port P --conns N --size B [--seconds 3] [--warmup 1]
 *             [--pid SERVER_PID] [--label NAME]                          */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct conn {
  int fd;
  size_t got;
  uint64_t sent_ns;
  char* msg;
};

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static long proc_status(int pid, const char* key) {
  char path[64], line[256];
  snprintf(path, sizeof path, "/proc/%d/status", pid);
  FILE* f = fopen(path, "r");
  if (!f) return -1;
  long v = -1;
  size_t k = strlen(key);
  while (fgets(line, sizeof line, f)) {
    if (strncmp(line, key, k) == 0 && line[k] == ':') {
      v = atol(line + k + 1);
      break;
    }
  }
  fclose(f);
  return v;
}

static int cmp_u32(const void* a, const void* b) {
  uint32_t x = *(const uint32_t*)a, y = *(const uint32_t*)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char** argv) {
  int port = 9000, nconn = 1, size = 64, pid = 0;
  double seconds = 3, warmup = 1;
  const char* label = "";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--port")) port = atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "--conns")) nconn = atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "--size")) size = atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "--seconds")) seconds = atof(argv[i + 1]);
    else if (!strcmp(argv[i], "--warmup")) warmup = atof(argv[i + 1]);
    else if (!strcmp(argv[i], "--pid")) pid = atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "--label")) label = argv[i + 1];
    else { fprintf(stderr, "echo_load: unknown option %s\n", argv[i]); return 2; }
  }
  struct rlimit rl;
  getrlimit(RLIMIT_NOFILE, &rl);
  if (rl.rlim_cur < (rlim_t)nconn + 64) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }
  long rss_base = pid ? proc_status(pid, "VmRSS") : -1;

  struct conn* conns = calloc((size_t)nconn, sizeof *conns);
  char* buf = malloc((size_t)size);
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_port = htons((unsigned short)port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int one = 1;
  uint64_t t_connect = now_ns();
  for (int i = 0; i < nconn; ++i) {
    int fd = -1;
    for (int attempt = 0; attempt < 20 && fd < 0; ++attempt) {
      fd = socket(AF_INET, SOCK_STREAM, 0);
      if (connect(fd, (struct sockaddr*)&addr, sizeof addr) != 0) {
        close(fd);
        fd = -1;
        usleep(10000);
      }
    }
    if (fd < 0) {
      fprintf(stderr, "echo_load: connect %d/%d: %s\n", i, nconn, strerror(errno));
      return 1;
    }
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    fcntl(fd, F_SETFL, O_NONBLOCK);
    conns[i].fd = fd;
    conns[i].msg = malloc((size_t)size);
    for (int b = 0; b < size; ++b) conns[i].msg[b] = (char)((i * 131 + b * 7) & 0xff);
  }
  double connect_s = (double)(now_ns() - t_connect) / 1e9;

  int ep = epoll_create1(0);
  for (int i = 0; i < nconn; ++i) {
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
    epoll_ctl(ep, EPOLL_CTL_ADD, conns[i].fd, &ev);
  }
  size_t cap = 1 << 20, nsamples = 0;
  uint32_t* samples = malloc(cap * sizeof *samples);
  long errors = 0, counted = 0;
  uint64_t start = now_ns();
  uint64_t measure_from = start + (uint64_t)(warmup * 1e9);
  uint64_t end = measure_from + (uint64_t)(seconds * 1e9);
  for (int i = 0; i < nconn; ++i) {
    conns[i].sent_ns = now_ns();
    if (write(conns[i].fd, conns[i].msg, (size_t)size) != size) ++errors;
  }
  struct epoll_event events[512];
  long server_threads = -1, rss_end = -1;
  uint64_t now = now_ns();
  while (now < end) {
    int n = epoll_wait(ep, events, 512, 10);
    now = now_ns();
    for (int e = 0; e < n; ++e) {
      struct conn* c = &conns[events[e].data.u32];
      ssize_t r = read(c->fd, buf + c->got, (size_t)size - c->got);
      if (r <= 0) {
        if (r < 0 && errno == EAGAIN) continue;
        ++errors;
        epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
        continue;
      }
      if (memcmp(buf + c->got, c->msg + c->got, (size_t)r) != 0) ++errors;
      c->got += (size_t)r;
      if (c->got < (size_t)size) continue;
      c->got = 0;
      if (c->sent_ns >= measure_from && now < end) {
        uint64_t us = (now - c->sent_ns) / 1000;
        if (nsamples == cap) {
          cap *= 2;
          samples = realloc(samples, cap * sizeof *samples);
        }
        samples[nsamples++] = (uint32_t)(us > 0xffffffffu ? 0xffffffffu : us);
        ++counted;
      }
      c->sent_ns = now;
      if (write(c->fd, c->msg, (size_t)size) != size) ++errors;
    }
  }
  if (pid) {
    server_threads = proc_status(pid, "Threads");
    rss_end = proc_status(pid, "VmRSS");
  }
  /* RST instead of FIN: no TIME_WAIT left behind for the next run's ports */
  struct linger lg = {1, 0};
  for (int i = 0; i < nconn; ++i) {
    setsockopt(conns[i].fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    close(conns[i].fd);
  }
  qsort(samples, nsamples, sizeof *samples, cmp_u32);
#define PCT(p) (nsamples ? samples[(size_t)((double)(nsamples - 1) * (p))] : 0)
  double rss_per_conn = (rss_base >= 0 && rss_end >= 0) ? (double)(rss_end - rss_base) * 1024.0 / nconn : -1;
  printf("{\"label\": \"%s\", \"conns\": %d, \"size\": %d, \"seconds\": %.2f, \"requests\": %ld, "
         "\"rps\": %.0f, \"p50_us\": %u, \"p99_us\": %u, \"p999_us\": %u, \"max_us\": %u, "
         "\"server_threads\": %ld, \"rss_base_kb\": %ld, \"rss_kb\": %ld, \"rss_per_conn_bytes\": %.0f, "
         "\"connect_s\": %.2f, \"errors\": %ld}\n",
         label, nconn, size, seconds, counted, counted / seconds, PCT(0.5), PCT(0.99), PCT(0.999),
         nsamples ? samples[nsamples - 1] : 0, server_threads, rss_base, rss_end, rss_per_conn, connect_s,
         errors);
  return errors ? 3 : 0;
}
