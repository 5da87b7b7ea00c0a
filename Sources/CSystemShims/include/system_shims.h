#ifndef STEPLINE_SYSTEM_SHIMS_H
#define STEPLINE_SYSTEM_SHIMS_H

#include <stddef.h>

/// pipe(2) with both ends close-on-exec from the start (pipe2 with O_CLOEXEC where the system has it), so
/// that a process started by another thread at the same moment cannot inherit them. 0, or -1 with errno.
int stepline_pipe_cloexec(int fds[2]);

/// The lowest address of the calling thread's stack and its size (glibc's pthread_getattr_np, which the
/// Glibc module leaves out as a GNU extension). 0, or -1 when they cannot be known.
int stepline_thread_stack(void **low, size_t *size);

#endif
