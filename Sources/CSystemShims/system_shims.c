#define _GNU_SOURCE
#include "system_shims.h"

#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

int stepline_pipe_cloexec(int fds[2]) {
#ifdef __linux__
    return pipe2(fds, O_CLOEXEC);
#else
    if (pipe(fds) != 0) return -1;
    (void)fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    (void)fcntl(fds[1], F_SETFD, FD_CLOEXEC);
    return 0;
#endif
}

int stepline_thread_stack(void **low, size_t *size) {
#ifdef __linux__
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) != 0) return -1;
    int rc = pthread_attr_getstack(&attr, low, size);
    pthread_attr_destroy(&attr);
    return rc == 0 ? 0 : -1;
#else
    (void)low;
    (void)size;
    return -1;
#endif
}
