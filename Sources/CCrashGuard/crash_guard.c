// A journal of what was being done when the process crashed: written from the signal handler with
// async-signal-safe calls only (open, write, close, sigaction, raise), into buffers set up beforehand.
#define _GNU_SOURCE
#include "crash_guard.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define NAME_CAPACITY 2048
#define ALT_STACK_SIZE (64 * 1024)

static const int guarded_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT};
#define GUARDED_COUNT (sizeof(guarded_signals) / sizeof(guarded_signals[0]))

static char journal_path[4096];
static volatile sig_atomic_t installed = 0;
static struct sigaction previous[GUARDED_COUNT];

static __thread char current_name[NAME_CAPACITY];
static __thread volatile size_t current_length = 0;
static __thread int has_alt_stack = 0;

static void write_all(int fd, const char *bytes, size_t count) {
    while (count > 0) {
        ssize_t n = write(fd, bytes, count);
        if (n <= 0) return;
        bytes += n;
        count -= (size_t)n;
    }
}

static void on_crash(int signal_number, siginfo_t *info, void *context) {
    (void)info;
    (void)context;
    size_t length = current_length;
    if (length > 0 && journal_path[0] != 0) {
        int fd = open(journal_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        if (fd >= 0) {
            write_all(fd, current_name, length);
            write_all(fd, "\n", 1);
            close(fd);
        }
    }
    // Hand the signal to whoever had it before (the runtime's backtracer, or the default action).
    for (size_t i = 0; i < GUARDED_COUNT; i++) {
        if (guarded_signals[i] == signal_number) {
            sigaction(signal_number, &previous[i], NULL);
            break;
        }
    }
    raise(signal_number);
}

int stepline_crash_guard_install(const char *journal) {
    size_t length = strlen(journal);
    if (length + 1 > sizeof(journal_path)) return -1;
    memcpy(journal_path, journal, length + 1);
    if (installed) return 0;
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_sigaction = on_crash;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    for (size_t i = 0; i < GUARDED_COUNT; i++) {
        sigaction(guarded_signals[i], &action, &previous[i]);
    }
    installed = 1;
    return 0;
}

void stepline_crash_guard_enter(const char *name, size_t length) {
    if (!has_alt_stack) {
        has_alt_stack = 1;
        stack_t existing;
        if (sigaltstack(NULL, &existing) == 0 && (existing.ss_flags & SS_DISABLE)) {
            void *memory = mmap(NULL, ALT_STACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (memory != MAP_FAILED) {
                stack_t alternate = {.ss_sp = memory, .ss_size = ALT_STACK_SIZE, .ss_flags = 0};
                sigaltstack(&alternate, NULL);
            }
        }
    }
    if (length > NAME_CAPACITY) length = NAME_CAPACITY;
    current_length = 0;
    memcpy(current_name, name, length);
    current_length = length;
}

void stepline_crash_guard_leave(void) { current_length = 0; }
