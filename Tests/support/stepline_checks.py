"""What the Python integration tests share: named checks with a summary, stopping a process, free ports, polling.

    sys.path.insert(0, os.path.join(ROOT, "Tests", "support")); from stepline_checks import Checks, free_port, wait_for
"""
import shutil, signal, socket, subprocess, sys, time


class Checks:
    """One line per check (`ok …`, `FAIL … -- detail`, `skip … -- reason`); `summary()` is the last line."""

    def __init__(self):
        self.passed = 0
        self.failed = []
        self.skipped = []

    def check(self, cond, what, detail=""):
        if cond:
            self.passed += 1
            print("ok", what, flush=True)
        else:
            self.failed.append(what)
            detail = detail if isinstance(detail, str) else repr(detail)
            print("FAIL", what, ("-- " + detail[:3000]) if detail else "", flush=True)
        return bool(cond)

    def skip(self, what, reason):
        self.skipped.append(what)
        print("skip", what, "--", reason, flush=True)

    def section(self, name, body):
        """Runs one part of a test; an unexpected exception fails it without stopping the others."""
        try:
            body()
        except Exception as e:  # noqa: BLE001 - anything unexpected is a failed check
            self.check(False, f"{name}: unexpected {type(e).__name__}", str(e))

    def summary(self):
        line = f"{self.passed} passed, {len(self.failed)} failed"
        return line + (f", {len(self.skipped)} skipped" if self.skipped else "")


    def finish(self, work=None):
        """Prints the summary and exits 1 on any failure; the work folder is removed when everything passed."""
        print(self.summary(), flush=True)
        if work and not self.failed:
            shutil.rmtree(work, ignore_errors=True)
        sys.exit(1 if self.failed else 0)


def stop_process(proc, timeout=30):
    """SIGTERM, then SIGKILL if `proc` has not ended within `timeout` seconds."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_for(pred, timeout, step=0.2):
    """`pred()` once it is truthy, polling every `step` seconds for up to `timeout`; its last value otherwise."""
    end = time.time() + timeout
    while time.time() < end:
        v = pred()
        if v:
            return v
        time.sleep(step)
    return pred()
