#!/usr/bin/env python3
"""Attacks on the API's HTTP listener, end to end against `stepline serve --api`:

- 2,000 idle connections and 500 slowloris clients (a header byte a second) at once, while a normal client
  on a kept-alive connection is answered in under 100 ms a call; the slow and the idle ones are closed
  by the server after the header timeout; the service still answers afterwards;
- connections past `listener.maxConnectionsPerClient` (from one address) and past `listener.maxConnections`
  (in all) answered 503 ThrottlingException and closed, while other clients are served;
- a 1 GB body refused with 413 from its Content-Length before it is read, a chunked body refused as soon
  as it passes the limit, a header past its limit refused with 400; the server's peak RSS stays small;
- 1,000 clients each sending a 200 KiB body slowly: every one answered, peak RSS in the output;
- the bodies being received at once held to `listener.maxBufferedBodyBytes` in all: past it, 503
  ThrottlingException at once, and the budget given back afterwards;
- a process with only 256 descriptors: more connections than that are refused, never an `accept` failure
  that stops the listener;
- 3,000 seeded malformed requests, each answered or closed, the service up afterwards;
- HTTPS with `tls.certificate`/`tls.key` (a self-signed certificate made with openssl): boto3 works with
  the certificate as its CA bundle, plain HTTP on that port is not answered.

Connections come from several loopback addresses (127.0.0.2 …), so that the per-client limit applies to the
attackers and not to the normal client on 127.0.0.1.

    python3 Tests/api/listener_test.py [--stepline .build/release/stepline]

Prints one line per check (`ok …` / `FAIL …`) and figures (`figure …`); the last line is 'N passed, M failed';
exits 1 if any check failed.
"""
import argparse, http.client, json, os, resource, select, shutil, socket, ssl, subprocess, sys, tempfile
import threading, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "Tests", "support"))
from stepline_checks import Checks, free_port, stop_process  # noqa: E402
LIST = json.dumps({}).encode()
TARGET = "AWSStepFunctions.ListStateMachines"


def raise_fd_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


class Serve:
    def __init__(self, binary, work, name, settings=(), fd_limit=None, tls=False):
        self.port = free_port()
        self.work = work
        self.log = open(os.path.join(work, name + ".log"), "w")
        args = [binary, "serve", "--db", os.path.join(work, name + ".db"), "--api", f"127.0.0.1:{self.port}", "--no-auth"]
        for s in settings:
            args += ["--set", s]

        def limit():
            if fd_limit:
                resource.setrlimit(resource.RLIMIT_NOFILE, (fd_limit, fd_limit))

        self.proc = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT, preexec_fn=limit)
        self.scheme = "https" if tls else "http"
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                if self.proc.poll() is not None:
                    break
                time.sleep(0.05)
        raise RuntimeError(f"serve did not start: {open(self.log.name).read()[-2000:]}")

    def peak_rss_mib(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return -1

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        stop_process(self.proc, timeout=20)
        self.log.close()


def call(conn):
    """One ListStateMachines on a kept-alive connection: (status, seconds)."""
    start = time.perf_counter()
    conn.request("POST", "/", body=LIST, headers={"X-Amz-Target": TARGET, "Content-Type": "application/x-amz-json-1.0"})
    r = conn.getresponse()
    r.read()
    return r.status, time.perf_counter() - start


def connect_from(source, port, timeout=5):
    s = socket.socket()
    s.settimeout(timeout)
    s.bind((source, 0))
    s.connect(("127.0.0.1", port))
    return s


def closed_by_server(s, wait):
    """True when the server closes `s` within `wait` seconds (EOF or reset)."""
    s.setblocking(False)
    poller = select.poll()
    poller.register(s, select.POLLIN | select.POLLHUP | select.POLLERR)
    end = time.time() + wait
    while time.time() < end:
        if poller.poll(max(0, int((end - time.time()) * 1000))):
            try:
                data = s.recv(65536)
            except (ConnectionResetError, BrokenPipeError):
                return True
            except BlockingIOError:
                continue
            if not data:
                return True
    return False


def refusals(sockets):
    """How many of `sockets` the server has answered 503 ThrottlingException (and closed) by now."""
    n = 0
    for c in sockets:
        c.setblocking(False)
        try:
            data = c.recv(4096)
            n += data.startswith(b"HTTP/1.1 503") and b"ThrottlingException" in data
        except (BlockingIOError, ConnectionResetError):
            pass
    return n


def read_response(s, timeout=10):
    s.settimeout(timeout)
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            k, _, v = line.partition(b":")
            if k.strip().lower() == b"content-length":
                length = int(v.strip())
        while len(rest) < length:
            chunk = s.recv(65536)
            if not chunk:
                break
            rest += chunk
        return head.decode(errors="replace"), rest.decode(errors="replace")
    except (socket.timeout, ConnectionResetError):
        return data.decode(errors="replace"), ""


def attack_idle_and_slowloris(t, binary, work):
    header_timeout = 4
    s = Serve(binary, work, "attack", [f"listener.headerTimeout={header_timeout}", "listener.idleTimeout=30"])
    try:
        idle, slow = [], []
        for i in range(2000):
            idle.append(connect_from(f"127.0.0.{2 + i // 500}", s.port))
        for i in range(500):
            c = connect_from("127.0.0.6", s.port)
            c.sendall(b"POST / HTTP/1.1\r\n")
            slow.append(c)
        t.check(len(idle) == 2000 and len(slow) == 500, "2,000 idle connections and 500 slowloris clients open")
        stop = threading.Event()

        def drip():
            # Each slow client sends a header line a second, a tenth of them every 100 ms.
            n = 0
            while not stop.is_set():
                for c in slow[(n % 10) * 50:(n % 10 + 1) * 50]:
                    try:
                        c.send(b"X-Slow-%d: 1\r\n" % n)
                    except OSError:
                        pass
                n += 1
                stop.wait(0.1)

        dripper = threading.Thread(target=drip, daemon=True)
        dripper.start()
        time.sleep(1.5)  # the attack in place (every connection taken up) before the normal client comes
        conn = http.client.HTTPConnection("127.0.0.1", s.port, timeout=10)
        times, statuses = [], []
        for _ in range(50):
            status, took = call(conn)
            statuses.append(status)
            times.append(took)
        worst = max(times)
        print("figure call times (ms):", " ".join(f"{x * 1000:.0f}" for x in times), flush=True)
        print(f"figure normal client under attack: 50 calls, median {sorted(times)[25] * 1000:.1f} ms, worst {worst * 1000:.1f} ms", flush=True)
        t.check(statuses == [200] * 50 and worst < 0.1,
                "a normal client is answered in under 100 ms a call beside 2,000 idle and 500 slowloris connections",
                f"statuses {set(statuses)}, worst {worst:.3f} s")
        # The slow clients keep sending, but their heads never complete: closed after the header timeout.
        started = time.time()
        slow_closed = sum(closed_by_server(c, header_timeout + 4 - (time.time() - started)) for c in slow)
        stop.set()
        t.check(slow_closed == 500, f"every slowloris client is closed by the server within the header timeout ({header_timeout} s) + 4 s",
                f"{slow_closed} of 500 closed")
        idle_closed = sum(closed_by_server(c, 3) for c in idle)
        t.check(idle_closed == 2000, "every connection that sent nothing is closed after the header timeout", f"{idle_closed} of 2000")
        for c in idle + slow:
            c.close()
        status, took = call(http.client.HTTPConnection("127.0.0.1", s.port, timeout=10))
        t.check(s.alive() and status == 200, "the service still answers after the attack", status)
        # The normal client's kept-alive connection was not touched by any of it (it is within its idle timeout).
        status, _ = call(conn)
        t.check(status == 200, "the normal client's kept-alive connection still works", status)
        print(f"figure peak RSS of serve during the idle/slowloris attack: {s.peak_rss_mib():.0f} MiB", flush=True)
    finally:
        s.stop()


def connection_limits(t, binary, work):
    s = Serve(binary, work, "limits", ["listener.maxConnectionsPerClient=50", "listener.maxConnections=120"])
    try:
        mine = [connect_from("127.0.0.2", s.port) for _ in range(60)]
        time.sleep(0.5)
        # Which ten are refused depends on the order the event loops take them up; that ten are does not.
        refused = refusals(mine)
        t.check(refused == 10,
                "connections past listener.maxConnectionsPerClient (50 from one address) are answered 503 ThrottlingException",
                f"{refused} of 60 refused")
        conn = http.client.HTTPConnection("127.0.0.1", s.port, timeout=10)
        t.check(call(conn)[0] == 200, "another address is still served beside them")
        others = [connect_from(f"127.0.0.{3 + i // 40}", s.port) for i in range(80)]
        time.sleep(0.5)
        # 50 + 1 (the normal client) + 80 open: the total limit (120) refuses the last ones.
        over = refusals(others)
        t.check(over == 50 + 1 + 80 - 120, "connections past listener.maxConnections (120 in all) are answered 503", f"{over} refused")
        for c in mine + others:
            c.close()
        time.sleep(0.5)
        t.check(call(http.client.HTTPConnection("127.0.0.1", s.port, timeout=10))[0] == 200,
                "once they close, new connections are admitted again")
    finally:
        s.stop()


def body_limits(t, binary, work):
    s = Serve(binary, work, "bodies")
    try:
        before = s.peak_rss_mib()
        c = connect_from("127.0.0.1", s.port)
        c.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: " + TARGET.encode()
                  + b"\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: 1000000000\r\n\r\n")
        sent = 0
        chunk = b"x" * 65536
        c.settimeout(0.2)
        try:
            while sent < 64 * 1024 * 1024:
                sent += c.send(chunk)
        except (socket.timeout, BrokenPipeError, ConnectionResetError):
            pass
        head, body = read_response(c, timeout=10)
        t.check(head.startswith("HTTP/1.1 413") and "RequestEntityTooLargeException" in body,
                "a 1 GB body is refused with 413 RequestEntityTooLargeException from its Content-Length", head[:200])
        t.check(closed_by_server(c, 5), "… and the connection is closed instead of the body being read on")
        print(f"figure 1 GB body: the client got {sent / 1048576:.0f} MiB into the socket before the refusal", flush=True)
        c.close()

        c = connect_from("127.0.0.1", s.port)
        c.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: " + TARGET.encode() + b"\r\nTransfer-Encoding: chunked\r\n\r\n")
        piece = b"y" * 1048576
        try:
            for _ in range(12):
                c.sendall(b"%x\r\n" % len(piece) + piece + b"\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
        head, _ = read_response(c, timeout=10)
        t.check(head.startswith("HTTP/1.1 413"), "a chunked body is refused with 413 once it passes 8 MiB", head[:200])
        c.close()

        c = connect_from("127.0.0.1", s.port)
        c.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"z" * 100_000 + b"\r\n\r\n")
        head, _ = read_response(c, timeout=10)
        t.check(head.startswith("HTTP/1.1 400"), "a 100 KB header is refused with 400", head[:200])
        c.close()

        # 1,000 clients, each sending a 200 KiB body in four pieces over about two seconds.
        payload = json.dumps({"maxResults": 10, "pad": "p" * (200 * 1024)}).encode()
        clients = []
        for i in range(1000):
            c = connect_from(f"127.0.0.{2 + i // 400}", s.port, timeout=30)
            c.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: " + TARGET.encode()
                      + b"\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: %d\r\n\r\n" % len(payload))
            clients.append(c)
        quarter = len(payload) // 4
        for k in range(4):
            part = payload[k * quarter: len(payload) if k == 3 else (k + 1) * quarter]
            for c in clients:
                c.sendall(part)
            time.sleep(0.5)
        answered = 0
        for c in clients:
            head, _ = read_response(c, timeout=30)
            answered += head.startswith("HTTP/1.1 ")
            c.close()
        peak = s.peak_rss_mib()
        t.check(answered == 1000, "1,000 clients each sending 200 KiB slowly are all answered", f"{answered} answered")
        print(f"figure peak RSS of serve: {before:.0f} MiB at start, {peak:.0f} MiB after the 1 GB body and 1,000 slow 200 KiB bodies", flush=True)
        t.check(peak < 1024, "the server's peak RSS stays under 1 GiB through all of it", f"{peak:.0f} MiB")
        t.check(s.alive() and call(http.client.HTTPConnection("127.0.0.1", s.port, timeout=10))[0] == 200,
                "the service still answers")
    finally:
        s.stop()


def body_budget(t, binary, work):
    """`listener.maxBufferedBodyBytes`: the bodies being received at once are held to it in all. With 1 MiB,
    eight clients each declaring a 200 KiB body and sending it slowly: five fit and are answered, the others
    are answered 503 ThrottlingException at once (nothing of theirs buffered); the budget is given back, so a
    later request is served."""
    s = Serve(binary, work, "budget", ["listener.maxBufferedBodyBytes=1048576"])
    try:
        payload = json.dumps({"maxResults": 10, "pad": "p" * (200 * 1024)}).encode()
        clients = []
        for i in range(8):
            c = connect_from("127.0.0.1", s.port, timeout=30)
            c.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: " + TARGET.encode()
                      + b"\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: %d\r\n\r\n" % len(payload))
            c.sendall(payload[:1000])
            clients.append(c)
            time.sleep(0.05)
        time.sleep(0.5)
        throttled = [c for c in clients if select.select([c], [], [], 0)[0]]
        heads = [read_response(c, timeout=5) for c in throttled]
        t.check(len(throttled) == 3 and all(h.startswith("HTTP/1.1 503") and "ThrottlingException" in b for h, b in heads),
                "past listener.maxBufferedBodyBytes (1 MiB), 3 of 8 slow 200 KiB bodies are answered 503 ThrottlingException at once",
                [h[:40] for h, _ in heads])
        answered = 0
        for c in clients:
            if c in throttled:
                continue
            c.sendall(payload[1000:])
            head, _ = read_response(c, timeout=30)
            answered += head.startswith("HTTP/1.1 200")
            c.close()
        t.check(answered == 5, "the 5 within the budget are answered 200", f"{answered}")
        conn = http.client.HTTPConnection("127.0.0.1", s.port, timeout=10)
        ok = all(call(conn)[0] == 200 for _ in range(3))
        big = json.dumps({"maxResults": 10, "pad": "p" * (900 * 1024)}).encode()
        conn.request("POST", "/", body=big, headers={"X-Amz-Target": TARGET, "Content-Type": "application/x-amz-json-1.0"})
        r = conn.getresponse()
        r.read()
        t.check(ok and r.status == 200, "the budget is given back: afterwards a 900 KiB body is served", r.status)
    finally:
        s.stop()


def descriptor_limit(t, binary, work):
    s = Serve(binary, work, "fds", fd_limit=256)
    try:
        conns = []
        for i in range(400):
            try:
                conns.append(connect_from(f"127.0.0.{2 + i // 100}", s.port))
            except OSError:
                pass
        time.sleep(1)
        refused = refusals(conns)
        t.check(refused >= 400 - 256, "with 256 descriptors, 400 connections: those past the limit are refused with 503",
                f"{refused} refused")
        for c in conns:
            c.close()
        time.sleep(1.5)
        t.check(s.alive() and call(http.client.HTTPConnection("127.0.0.1", s.port, timeout=10))[0] == 200,
                "the listener survives running out of descriptors and answers again")
    finally:
        s.stop()


def https(t, binary, work):
    cert, key = os.path.join(work, "cert.pem"), os.path.join(work, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                   check=True, capture_output=True)
    os.chmod(key, 0o600)
    s = Serve(binary, work, "tls", [f"tls.certificate={cert}", f"tls.key={key}"], tls=True)
    try:
        context = ssl.create_default_context(cafile=cert)
        conn = http.client.HTTPSConnection("127.0.0.1", s.port, timeout=10, context=context)
        status, _ = call(conn)
        t.check(status == 200, "HTTPS: a client that trusts the certificate is answered", status)
        version = conn.sock.version() if conn.sock else None
        t.check(version in ("TLSv1.2", "TLSv1.3"), "HTTPS: TLS 1.2 or later", version)
        try:
            import boto3, botocore.config
            sfn = boto3.client("stepfunctions", endpoint_url=f"https://127.0.0.1:{s.port}", region_name="us-east-1",
                               aws_access_key_id="x", aws_secret_access_key="y", verify=cert,
                               config=botocore.config.Config(retries={"max_attempts": 1}))
            t.check(sfn.list_state_machines()["stateMachines"] == [], "HTTPS: boto3 with the certificate as its CA bundle")
        except ImportError:
            print("skip boto3 over HTTPS: boto3 missing", flush=True)
        plain = http.client.HTTPConnection("127.0.0.1", s.port, timeout=5)
        try:
            status, _ = call(plain)
            answered_plain = status == 200
        except Exception:
            answered_plain = False
        t.check(not answered_plain, "HTTPS: plain HTTP on the TLS port is not answered")
        try:
            untrusting = http.client.HTTPSConnection("127.0.0.1", s.port, timeout=5, context=ssl.create_default_context())
            call(untrusting)
            verified = False
        except ssl.SSLError:
            verified = True
        t.check(verified, "HTTPS: a client that does not trust the certificate refuses it (the certificate is really used)")
    finally:
        s.stop()
    bad = subprocess.run([binary, "serve", "--db", os.path.join(work, "bad.db"), "--api", f"127.0.0.1:{free_port()}", "--no-auth",
                          "--set", f"tls.certificate={os.path.join(work, 'missing.pem')}", "--set", f"tls.key={key}"],
                         capture_output=True, text=True, timeout=30)
    t.check(bad.returncode != 0 and "missing.pem" in (bad.stdout + bad.stderr),
            "a missing certificate stops the start with its path named", (bad.stdout + bad.stderr)[-500:])


def fuzz_requests(t, binary, work, cases=3000, seed=20261203):
    """Seeded malformed requests (valid ones with bytes flipped, cut, repeated or spliced, and random bytes), each on a
    connection of its own: the service answers or closes every one, and stays up and correct."""
    import random
    rng = random.Random(seed)
    s = Serve(binary, work, "fuzz", ["listener.headerTimeout=2", "listener.requestTimeout=3"])
    valid = [
        b"POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: AWSStepFunctions.ListStateMachines\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: 2\r\n\r\n{}",
        b"GET /2015-03-31/functions/ HTTP/1.1\r\nHost: x\r\n\r\n",
        b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nX-Amz-Target: AWSStepFunctions.DescribeExecution\r\n\r\n5\r\n{\"a\":\r\n2\r\n1}\r\n0\r\n\r\n",
        b"GET /metrics?x=%zz&&=& HTTP/1.1\r\nHost: x\r\n\r\n",
    ]
    answered = closed = stalled = 0
    try:
        for i in range(cases):
            base = bytearray(rng.choice(valid))
            kind = rng.randrange(5)
            if kind == 0:
                for _ in range(rng.randint(1, 8)):
                    base[rng.randrange(len(base))] = rng.randrange(256)
            elif kind == 1:
                base = base[: rng.randrange(1, len(base))]
            elif kind == 2:
                at = rng.randrange(len(base))
                base[at:at] = base[at: at + rng.randint(1, 40)] * rng.randint(1, 50)
            elif kind == 3:
                other = rng.choice(valid)
                base = base[: rng.randrange(len(base))] + other[rng.randrange(len(other)):]
            else:
                base = bytearray(rng.randbytes(rng.randint(1, 600)))
            c = connect_from("127.0.0.1", s.port, timeout=5)
            try:
                c.sendall(bytes(base))
                c.shutdown(socket.SHUT_WR)
                c.settimeout(6)
                data = c.recv(65536)
                if data:
                    answered += 1
                else:
                    closed += 1
            except (ConnectionResetError, BrokenPipeError):
                closed += 1
            except socket.timeout:
                stalled += 1
            finally:
                c.close()
        print(f"figure HTTP fuzz: {cases} malformed requests (seed {seed}): {answered} answered, {closed} closed, {stalled} unanswered after 6 s",
              flush=True)
        t.check(stalled == 0 and s.alive(), f"{cases} seeded malformed requests are each answered or closed, and the service stays up",
                f"{stalled} stalled; alive {s.alive()}")
        conn = http.client.HTTPConnection("127.0.0.1", s.port, timeout=10)
        t.check(call(conn)[0] == 200, "the service answers a well-formed request after the fuzzing")
    finally:
        s.stop()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stepline", default=os.path.join(ROOT, ".build/release/stepline"))
    ap.add_argument("--only", default="")
    args = ap.parse_args()
    raise_fd_limit()
    work = tempfile.mkdtemp(prefix="stepline-listener-")
    binary = os.path.join(work, "stepline")
    shutil.copy(args.stepline, binary)
    t = Checks()
    parts = {"attack": attack_idle_and_slowloris, "limits": connection_limits, "bodies": body_limits,
             "budget": body_budget, "fds": descriptor_limit, "tls": https, "fuzz": fuzz_requests}
    for name, part in parts.items():
        if args.only and name not in args.only.split(","):
            continue
        try:
            part(t, binary, work)
        except Exception as e:
            t.check(False, f"{name}: ran to the end", repr(e))
    t.finish(work)


if __name__ == "__main__":
    main()
