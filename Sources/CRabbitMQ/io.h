// poll(2) on the broker's socket and a wake-up pipe, for the client's I/O thread. Included by shim.h.
#ifndef STEPLINE_CRABBITMQ_IO_H
#define STEPLINE_CRABBITMQ_IO_H

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

/// Opens a non-blocking, close-on-exec pipe; fds[0] is read, fds[1] written. Returns 0 or -1.
static inline int crabbitmq_pipe(int fds[2]) {
    if (pipe(fds) != 0) return -1;
    for (int i = 0; i < 2; i++) {
        int fl = fcntl(fds[i], F_GETFL);
        if (fl == -1 || fcntl(fds[i], F_SETFL, fl | O_NONBLOCK) == -1 || fcntl(fds[i], F_SETFD, FD_CLOEXEC) == -1) {
            close(fds[0]); close(fds[1]);
            return -1;
        }
    }
    return 0;
}

static inline void crabbitmq_pipe_signal(int fd) {
    char b = 1;
    ssize_t n;
    do { n = write(fd, &b, 1); } while (n < 0 && errno == EINTR);
}

static inline void crabbitmq_pipe_drain(int fd) {
    char buf[256];
    while (read(fd, buf, sizeof(buf)) > 0) {}
}

static inline void crabbitmq_close_fd(int fd) { if (fd >= 0) close(fd); }

/// Waits until `sock` (if >= 0) or `wake` (if >= 0) is readable, or `timeout_ms` passes (-1 = forever).
/// Returns a bit set: 1 socket readable (or hung up / in error), 2 wake pipe readable; 0 on timeout; -1 on error.
static inline int crabbitmq_poll2(int sock, int wake, int timeout_ms) {
    struct pollfd fds[2];
    int n = 0, si = -1, wi = -1;
    if (sock >= 0) { fds[n].fd = sock; fds[n].events = POLLIN; fds[n].revents = 0; si = n++; }
    if (wake >= 0) { fds[n].fd = wake; fds[n].events = POLLIN; fds[n].revents = 0; wi = n++; }
    int rc;
    do { rc = poll(fds, (nfds_t)n, timeout_ms); } while (rc < 0 && errno == EINTR);
    if (rc < 0) return -1;
    int result = 0;
    if (si >= 0 && (fds[si].revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL))) result |= 1;
    if (wi >= 0 && (fds[wi].revents & (POLLIN | POLLHUP | POLLERR))) result |= 2;
    return result;
}

/// Shuts the socket down in both directions (a simulated network failure, for tests).
static inline void crabbitmq_shutdown_socket(int fd) { if (fd >= 0) shutdown(fd, SHUT_RDWR); }

#endif
