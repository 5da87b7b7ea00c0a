#ifndef STEPLINE_CRASH_GUARD_H
#define STEPLINE_CRASH_GUARD_H

#include <stddef.h>

/// Installs the handlers for the signals a crash raises (SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT).
/// When one arrives on a thread inside `stepline_crash_guard_enter`/`_leave`, the name given there is
/// appended to `journal` (a line), then the previous handler (the Swift runtime's backtracer, or the
/// default) runs as if this one were not there. Returns 0, or -1 if the path is too long.
int stepline_crash_guard_install(const char *journal);

/// Names what this thread is about to do (an execution's ARN), until `stepline_crash_guard_leave`.
/// The first call on a thread also gives it an alternate signal stack, so that a stack overflow is caught.
void stepline_crash_guard_enter(const char *name, size_t length);

void stepline_crash_guard_leave(void);

#endif
