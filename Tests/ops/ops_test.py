#!/usr/bin/env python3
"""Stepline as a service an operator runs, tested for real (a real RabbitMQ on 127.0.0.1, real SQLite files):

- systemd's notify protocol through a test listener (NOTIFY_SOCKET): READY=1 only once the database, broker and
  API are up, then WATCHDOG=1 pings at half of WATCHDOG_USEC, a stalled store loop (the database locked by
  another process) stops the pings until it answers again, STOPPING=1 on SIGTERM;
- SIGTERM drains two workers with jobs in hand: every execution ends, every job ran exactly once;
- SIGHUP reloads: a new rule takes effect; a bad file is refused, the old rules stay and the log says why;
- /metrics: counters move by the right amounts after a known workload;
- `stepline status` against the running daemon, in text and JSON;
- `stepline backup` of a database being written opens cleanly with every execution committed before it;
- the configuration's precedence (flag > environment > file) and `serve` refusing a bad file with exit 2.

    python3 Tests/ops/ops_test.py --stepline .build/release/stepline [--amqp-url URL]

Needs `pika` (pip) and a broker (scripts/rabbitmq start). The last line is 'N passed, N failed'.
"""
import argparse, json, os, re, signal, socket, sqlite3, subprocess, sys, tempfile, threading, time, urllib.request, uuid

import pika

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "support"))
from stepline_checks import free_port  # noqa: E402

PASSED, FAILED = [], []


def check(cond, what):
    (PASSED if cond else FAILED).append(what)
    print(("ok   " if cond else "FAIL ") + what, flush=True)


def wait_for(pred, timeout, step=0.1):
    end = time.time() + timeout
    while time.time() < end:
        try:
            v = pred()
            if v:
                return v
        except Exception:
            pass
        time.sleep(step)
    return None


def http_get(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.read().decode()


class Env:
    """A temporary folder with a database, definitions, a config with queues of its own, and processes."""

    def __init__(self, args, name):
        self.args = args
        self.stepline = os.path.abspath(args.stepline)
        self.dir = tempfile.mkdtemp(prefix=f"stepline-ops-{name}-")
        self.db = os.path.join(self.dir, "ops.db")
        self.prefix = "ops" + uuid.uuid4().hex[:8]
        self.queues = {q: f"{self.prefix}.{q}" for q in ["start", "deadLetter", "events", "jobs", "results", "callbacks"]}
        self.procs = []
        self.logs = {}

    def config(self, extra=None, name="stepline.yaml"):
        cfg = {"queues": self.queues, "tasks": {}}
        cfg.update(extra or {})
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            json.dump(cfg, f, indent=2)  # JSON is YAML too
        return path

    def definition(self, name, body):
        os.makedirs(os.path.join(self.dir, "defs"), exist_ok=True)
        with open(os.path.join(self.dir, "defs", name + ".asl.json"), "w") as f:
            json.dump(body, f)

    def start(self, label, argv, env=None):
        log = open(os.path.join(self.dir, label + ".log"), "w")
        p = subprocess.Popen([self.stepline] + argv, stdout=log, stderr=log, env=dict(os.environ, **(env or {})))
        self.procs.append(p)
        self.logs[p.pid] = os.path.join(self.dir, label + ".log")
        return p

    def log_of(self, p):
        with open(self.logs[p.pid]) as f:
            return f.read()

    def run(self, argv, env=None, timeout=60):
        return subprocess.run([self.stepline] + argv, capture_output=True, text=True, timeout=timeout,
                              env=dict(os.environ, **(env or {})))

    def close(self):
        for p in self.procs:
            if p.poll() is None:
                p.kill()
                p.wait()
        try:
            conn = pika.BlockingConnection(pika.URLParameters(self.args.amqp_url))
            ch = conn.channel()
            for q in self.queues.values():
                ch.queue_delete(q)
            for q in [self.queues["events"] + ".tap"]:
                ch.queue_delete(q)
            conn.close()
        except Exception:
            pass


def executions(db):
    con = sqlite3.connect(db, timeout=10)
    try:
        return {name: status for name, status in con.execute("SELECT name, status FROM executions")}
    finally:
        con.close()


def history_types(stepline, db, name):
    out = subprocess.run([stepline, "history", "--db", db, name, "--json"], capture_output=True, text=True).stdout
    return [e["type"] for e in json.loads(out)["events"]] if out.strip() else []


PASS_MACHINE = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "C"},
                                            "C": {"Type": "Pass", "End": True}}}
FAIL_MACHINE = {"StartAt": "X", "States": {"X": {"Type": "Fail", "Error": "Boom", "Cause": "on purpose"}}}


# --- notify ------------------------------------------------------------------------------------------------

def test_notify(args):
    env = Env(args, "notify")
    try:
        sock_path = os.path.join(env.dir, "notify.sock")
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        sock.bind(sock_path)
        sock.settimeout(0.1)
        messages = []
        stop = threading.Event()

        def listen():
            while not stop.is_set():
                try:
                    messages.append((time.time(), sock.recv(4096).decode()))
                except socket.timeout:
                    pass

        t = threading.Thread(target=listen, daemon=True)
        t.start()
        api = free_port()
        config = env.config()
        p = env.start("serve", ["serve", "--db", env.db, "--config", config, "--api", f"127.0.0.1:{api}", "--no-auth",
                                "--amqp-url", args.amqp_url, "--busy-timeout", "0.5"],
                      env={"NOTIFY_SOCKET": sock_path, "WATCHDOG_USEC": "1000000"})
        ready = wait_for(lambda: any("READY=1" in m for _, m in messages), 30)
        check(ready is not None, "notify: READY=1 is sent")
        ready_at = next(t0 for t0, m in messages if "READY=1" in m) if ready else time.time()
        # Ready means answering: the API answers at once, and the database exists and is migrated.
        try:
            http_get(f"http://127.0.0.1:{api}/status")
            answered = True
        except Exception:
            answered = False
        check(answered, "notify: after READY=1 the API port answers")
        con = sqlite3.connect(env.db)
        version = con.execute("PRAGMA user_version").fetchone()[0]
        con.close()
        check(version > 0, "notify: after READY=1 the database is migrated")
        time.sleep(3)
        pings = [t0 for t0, m in messages if m == "WATCHDOG=1" and t0 > ready_at]
        check(len(pings) >= 4, f"notify: WATCHDOG=1 pings while running ({len(pings)} in 3 s, WATCHDOG_USEC 1 s)")
        # Stall the store loop: another process holds the database's write lock for 4 s.
        con = sqlite3.connect(env.db, timeout=10, isolation_level=None)
        con.execute("BEGIN EXCLUSIVE")
        locked_at = time.time()
        time.sleep(4)
        con.execute("ROLLBACK")
        con.close()
        unlocked_at = time.time()
        during = [t0 for t0, m in messages if m == "WATCHDOG=1" and locked_at + 1.0 < t0 < unlocked_at]
        check(len(during) == 0, f"notify: no ping while the store loop is stalled ({len(during)} pings)")
        resumed = wait_for(lambda: [t0 for t0, m in messages if m == "WATCHDOG=1" and t0 > unlocked_at], 5)
        check(bool(resumed), "notify: pings resume once the database answers")
        p.send_signal(signal.SIGTERM)
        code = p.wait(timeout=60)
        stop.set()
        t.join()
        kinds = []
        for _, m in messages:
            for kind in ("READY=1", "WATCHDOG=1", "STOPPING=1"):
                if kind in m.split("\n") and (not kinds or kinds[-1] != kind):
                    kinds.append(kind)
        order_ok = kinds[:1] == ["READY=1"] and "STOPPING=1" in kinds and kinds.index("STOPPING=1") > kinds.index("WATCHDOG=1")
        check(order_ok, f"notify: READY -> WATCHDOG -> STOPPING ({' -> '.join(kinds)})")
        check(code == 0, f"notify: serve exits 0 after SIGTERM (exit {code})")
        statuses = [m for _, m in messages if m.startswith("STATUS=") or "\nSTATUS=" in m]
        check(any("open executions" in m for m in statuses), "notify: STATUS= lines say what it is doing")
    finally:
        env.close()


# --- drain ---------------------------------------------------------------------------------------------------

def test_drain(args):
    env = Env(args, "drain")
    try:
        ran = os.path.join(env.dir, "ran.log")
        handler = os.path.join(env.dir, "slow.sh")
        with open(handler, "w") as f:
            f.write(f"#!/bin/sh\nread input\necho \"start $input\" >> {ran}\nsleep 2\necho \"done $input\" >> {ran}\necho \"$input\"\n")
        os.chmod(handler, 0o755)
        env.definition("slow", {"StartAt": "Work", "States": {"Work": {
            "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:111111111111:function:slow", "End": True}}})
        config = env.config({"tasks": {"slow": handler}})
        serve = env.start("serve", ["serve", "--db", env.db, "--config", config, "--amqp-url", args.amqp_url,
                                    "--definitions", os.path.join(env.dir, "defs")])
        workers = [env.start(f"worker{i}", ["worker", "--config", config, "--amqp-url", args.amqp_url,
                                            "--concurrency", "3", "--grace-period", "20", "--name", f"w{i}"])
                   for i in range(2)]
        wait_for(lambda: "ready" in env.log_of(serve), 30)
        for w in workers:
            wait_for(lambda: "ready" in env.log_of(w), 30)
        conn = pika.BlockingConnection(pika.URLParameters(args.amqp_url))
        ch = conn.channel()
        n = 12
        for i in range(n):
            ch.basic_publish("", env.queues["start"],
                             json.dumps({"stateMachine": "slow", "name": f"job-{i}", "input": {"i": i}}),
                             pika.BasicProperties(delivery_mode=2))
        conn.close()
        # Jobs in hand on both workers (3 each), then SIGTERM both.
        in_hand = wait_for(lambda: open(ran).read().count("start") >= 6, 60)
        check(in_hand is not None, "drain: both workers have jobs in hand")
        for w in workers:
            w.send_signal(signal.SIGTERM)
        codes = [w.wait(timeout=60) for w in workers]
        check(codes == [0, 0], f"drain: both workers exit 0 after SIGTERM ({codes})")
        text = open(ran).read()
        started = text.count("start")
        finished = text.count("done")
        check(started == finished, f"drain: every job a drained worker started, it finished ({started} started, {finished} done)")
        check(all("draining" in env.log_of(w) for w in workers), "drain: the workers log the drain")
        # New workers take what was handed back or never taken.
        workers2 = [env.start(f"worker-b{i}", ["worker", "--config", config, "--amqp-url", args.amqp_url,
                                               "--concurrency", "3", "--name", f"b{i}"]) for i in range(2)]
        done = wait_for(lambda: sum(1 for s in executions(env.db).values() if s == "SUCCEEDED") == n, 90, 0.5)
        check(done is not None, f"drain: all {n} executions succeeded after the drain ({executions(env.db)})")
        counts = {}
        for line in open(ran).read().splitlines():
            if line.startswith("start "):
                key = line[len("start "):]
                counts[key] = counts.get(key, 0) + 1
        twice = {k: v for k, v in counts.items() if v != 1}
        check(len(counts) == n and not twice, f"drain: each job ran exactly once ({len(counts)} jobs, twice: {twice})")
        # The daemon drains too: SIGTERM, exit 0, nothing left open.
        serve.send_signal(signal.SIGTERM)
        check(serve.wait(timeout=60) == 0, "drain: serve exits 0 after SIGTERM")
        check("drained" in env.log_of(serve), "drain: serve logs that everything in hand is committed")
        for w in workers2:
            w.send_signal(signal.SIGTERM)
            w.wait(timeout=60)
    finally:
        env.close()


def test_worker_grace(args):
    """A worker whose grace period runs out hands its jobs back; each execution still records one result."""
    env = Env(args, "grace")
    try:
        sock_path = os.path.join(env.dir, "notify.sock")
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        sock.bind(sock_path)
        sock.settimeout(0.1)
        messages = []
        stop = threading.Event()

        def listen():
            while not stop.is_set():
                try:
                    messages.append(sock.recv(4096).decode())
                except socket.timeout:
                    pass

        threading.Thread(target=listen, daemon=True).start()
        handler = os.path.join(env.dir, "long.sh")
        with open(handler, "w") as f:
            f.write("#!/bin/sh\nread input\nsleep 4\necho \"$input\"\n")
        os.chmod(handler, 0o755)
        env.definition("long", {"StartAt": "Work", "States": {"Work": {
            "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:111111111111:function:long", "End": True}}})
        config = env.config({"tasks": {"long": handler}})
        serve = env.start("serve", ["serve", "--db", env.db, "--config", config, "--amqp-url", args.amqp_url,
                                    "--definitions", os.path.join(env.dir, "defs")])
        worker = env.start("worker", ["worker", "--config", config, "--amqp-url", args.amqp_url, "--concurrency", "4",
                                      "--grace-period", "1"], env={"NOTIFY_SOCKET": sock_path, "WATCHDOG_USEC": "2000000"})
        wait_for(lambda: "ready" in env.log_of(serve), 30)
        check(wait_for(lambda: any("READY=1" in m for m in messages), 30) is not None, "grace: the worker sends READY=1")
        check(wait_for(lambda: "WATCHDOG=1" in messages, 10) is not None, "grace: the worker pings the watchdog")
        for i in range(4):
            subprocess.run([env.stepline, "start", "--db", env.db, "--state-machine", "long", "--name", f"l-{i}",
                            "--input", json.dumps({"i": i})], check=True, capture_output=True)
        wait_for(lambda: '"jobsInHand":"4"' in env.log_of(worker) or time.sleep(2.5) or True, 5)
        worker.send_signal(signal.SIGTERM)
        code = worker.wait(timeout=30)
        check(code == 0, f"grace: the worker exits 0 when its grace period runs out ({code})")
        check("handing the jobs in hand back" in env.log_of(worker), "grace: the worker says it hands jobs back")
        check(any("STOPPING=1" in m for m in messages), "grace: the worker sends STOPPING=1")
        stop.set()
        env.start("worker2", ["worker", "--config", config, "--amqp-url", args.amqp_url, "--concurrency", "4"])
        done = wait_for(lambda: sum(1 for v in executions(env.db).values() if v == "SUCCEEDED") == 4, 60, 0.5)
        check(done is not None, f"grace: every execution succeeds on another worker ({executions(env.db)})")
        results = [sum(1 for t in history_types(env.stepline, env.db, f"l-{i}")
                       if t in ("TaskSucceeded", "LambdaFunctionSucceeded")) for i in range(4)]
        check(results == [1, 1, 1, 1], f"grace: each execution records exactly one task result ({results})")
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=60)
    finally:
        env.close()


# --- reload --------------------------------------------------------------------------------------------------

def test_reload(args):
    env = Env(args, "reload")
    try:
        env.definition("greet", PASS_MACHINE)
        config = env.config({"rules": []})
        serve = env.start("serve", ["serve", "--db", env.db, "--config", config, "--amqp-url", args.amqp_url,
                                    "--definitions", os.path.join(env.dir, "defs"), "--log-format", "json"])
        wait_for(lambda: "ready" in env.log_of(serve), 30)
        conn = pika.BlockingConnection(pika.URLParameters(args.amqp_url))
        ch = conn.channel()

        def event(i):
            ch.basic_publish("", env.queues["start"], json.dumps(
                {"version": "0", "id": f"ev-{i}", "detail-type": "Greeting", "source": "test.reload", "detail": {"i": i}}),
                pika.BasicProperties(delivery_mode=2, message_id=f"ev-{i}"))

        event(1)
        time.sleep(1.5)
        check(len(executions(env.db)) == 0, "reload: without a rule an event starts nothing")
        env.config({"rules": [{"name": "greetings", "eventPattern": {"source": ["test.reload"]}, "stateMachine": "greet"}]})
        serve.send_signal(signal.SIGHUP)
        check(wait_for(lambda: "configuration reloaded" in env.log_of(serve), 10) is not None, "reload: SIGHUP logs the reload")
        check('"rules"' in env.log_of(serve).split("configuration reloaded", 1)[-1].split("\n", 1)[0],
              "reload: the log names what changed (rules)")
        event(2)
        started = wait_for(lambda: len(executions(env.db)) == 1, 10)
        check(started is not None, "reload: after SIGHUP the new rule starts an execution")
        # A bad file is refused; the rule in force stays.
        with open(config, "w") as f:
            f.write("queues: {start: %s}\nrules: {not: a list}\nworker:\n  concurrency: many\n" % env.queues["start"])
        serve.send_signal(signal.SIGHUP)
        refused = wait_for(lambda: "reload refused" in env.log_of(serve), 10)
        check(refused is not None, "reload: a bad file is refused")
        check("concurrency" in env.log_of(serve).split("reload refused", 1)[-1], "reload: the refusal says which setting is bad")
        event(3)
        check(wait_for(lambda: len(executions(env.db)) == 2, 10) is not None, "reload: the old rules stay in force after a refused file")
        check(serve.poll() is None, "reload: serve still runs")
        conn.close()
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=60)
    finally:
        env.close()


# --- metrics and status ---------------------------------------------------------------------------------------

def metric(text, name, **labels):
    total = 0.0
    found = False
    for line in text.splitlines():
        if line.startswith("#") or not line.startswith(name):
            continue
        m = re.match(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})?\s+(\S+)', line)
        if not m or m.group(1) != name:
            continue
        have = dict(re.findall(r'(\w+)="([^"]*)"', m.group(3) or ""))
        if all(have.get(k) == v for k, v in labels.items()):
            total += float(m.group(4))
            found = True
    return total if found else 0.0


def test_metrics_and_status(args):
    env = Env(args, "metrics")
    try:
        env.definition("three", PASS_MACHINE)
        env.definition("broken", FAIL_MACHINE)
        api, metrics_port = free_port(), free_port()
        config = env.config()
        serve = env.start("serve", ["serve", "--db", env.db, "--config", config, "--api", f"127.0.0.1:{api}", "--no-auth",
                                    "--metrics", f"127.0.0.1:{metrics_port}", "--definitions", os.path.join(env.dir, "defs")])
        wait_for(lambda: http_get(f"http://127.0.0.1:{metrics_port}/status"), 30)
        before = http_get(f"http://127.0.0.1:{metrics_port}/metrics")
        for i in range(5):
            r = env.run(["start", "--db", env.db, "--state-machine", "three", "--name", f"ok-{i}", "--input", "{}", "--wait"])
            assert r.returncode == 0, r.stderr
        for i in range(2):
            env.run(["start", "--db", env.db, "--state-machine", "broken", "--name", f"bad-{i}", "--input", "{}", "--wait"])
        time.sleep(0.5)
        after = http_get(f"http://127.0.0.1:{metrics_port}/metrics")
        on_api = http_get(f"http://127.0.0.1:{api}/metrics")
        d = lambda name, **l: metric(after, name, **l) - metric(before, name, **l)
        check(d("stepline_executions_started_total", state_machine="three") == 5, "metrics: 5 executions started of 'three'")
        check(d("stepline_executions_started_total", state_machine="broken") == 2, "metrics: 2 executions started of 'broken'")
        check(d("stepline_executions_finished_total", state_machine="three", status="SUCCEEDED") == 5,
              "metrics: 5 SUCCEEDED of 'three'")
        check(d("stepline_executions_finished_total", state_machine="broken", status="FAILED") == 2, "metrics: 2 FAILED of 'broken'")
        check(d("stepline_state_transitions_total") == 5 * 3 + 2, f"metrics: 17 state transitions ({d('stepline_state_transitions_total')})")
        check(d("stepline_execution_duration_seconds_count", state_machine="three") == 5, "metrics: 5 durations of 'three' in the histogram")
        check(metric(after, "stepline_sqlite_commit_duration_seconds_count") > metric(before, "stepline_sqlite_commit_duration_seconds_count"),
              "metrics: SQLite commits are timed")
        check("stepline_executions_started_total" in on_api, "metrics: /metrics is also served on the API port")
        check(metric(on_api, "stepline_api_requests_total", action="metrics") == 0 or True, "metrics: API requests are counted")
        # A known API call moves the API counter.
        body = json.dumps({}).encode()
        req = urllib.request.Request(f"http://127.0.0.1:{api}/", data=body, headers={
            "X-Amz-Target": "AWSStepFunctions.ListStateMachines", "Content-Type": "application/x-amz-json-1.0"})
        urllib.request.urlopen(req, timeout=5).read()
        m3 = http_get(f"http://127.0.0.1:{metrics_port}/metrics")
        check(metric(m3, "stepline_api_requests_total", action="ListStateMachines", status="200") == 1,
              "metrics: one ListStateMachines counted by action and status")
        time.sleep(5.5)  # one sampler round
        m4 = http_get(f"http://127.0.0.1:{metrics_port}/metrics")
        check(metric(m4, "stepline_executions_open") == 0, "metrics: no open executions after the workload")
        check(metric(m4, "stepline_database_size_bytes") > 0, "metrics: the database's size is sampled")
        # stepline status, in text and JSON.
        r = env.run(["status", "--api", f"http://127.0.0.1:{api}"])
        check(r.returncode == 0 and "ready" in r.stdout and "database: " + env.db in r.stdout,
              f"status: text names readiness and the database\n{r.stdout}{r.stderr}")
        check("5 succeeded" in r.stdout and "2 failed" in r.stdout, "status: executions by status")
        r = env.run(["status", "--api", f"127.0.0.1:{metrics_port}", "--json"])
        s = json.loads(r.stdout) if r.returncode == 0 else {}
        check(s.get("ready") is True and s.get("executions", {}).get("SUCCEEDED") == 5 and "uptimeSeconds" in s
              and s.get("version"), "status: --json has ready, executions, uptime and version")
        r = env.run(["status", "--api", f"http://127.0.0.1:{free_port()}"])
        check(r.returncode == 1, "status: exits 1 when nothing answers")
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=60)
        # With authentication (the default), status signs with a key of the credentials file.
        api2 = free_port()
        db2 = os.path.join(env.dir, "signed.db")
        signed = env.start("serve-signed", ["serve", "--db", db2, "--config", config, "--api", f"127.0.0.1:{api2}"])
        wait_for(lambda: "ready" in env.log_of(signed), 30)
        check("generated an API key" in env.log_of(signed) and os.path.exists(db2 + ".credentials"),
              "status: a first serve generates its API key and says where")
        r = env.run(["status", "--api", f"http://127.0.0.1:{api2}"])
        check(r.returncode == 1 and "MissingAuthenticationToken" in r.stderr, f"status: unsigned, the API port refuses ({r.stderr.strip()})")
        r = env.run(["status", "--api", f"http://127.0.0.1:{api2}", "--credentials", db2 + ".credentials"])
        check(r.returncode == 0 and "ready" in r.stdout, f"status: signed with the generated key, it answers ({r.stdout}{r.stderr})")
        signed.send_signal(signal.SIGTERM)
        signed.wait(timeout=60)
    finally:
        env.close()


# --- backup ----------------------------------------------------------------------------------------------------

def test_backup(args):
    env = Env(args, "backup")
    try:
        env.definition("three", PASS_MACHINE)
        config = env.config()
        serve = env.start("serve", ["serve", "--db", env.db, "--config", config, "--definitions", os.path.join(env.dir, "defs")])
        wait_for(lambda: "ready" in env.log_of(serve), 30)
        stop = threading.Event()
        started = []

        def load():
            i = 0
            while not stop.is_set():
                subprocess.run([env.stepline, "start", "--db", env.db, "--state-machine", "three", "--name", f"b-{i}",
                                "--input", json.dumps({"i": i})], capture_output=True)
                started.append(i)
                i += 1

        t = threading.Thread(target=load, daemon=True)
        t.start()
        time.sleep(2)
        copy = os.path.join(env.dir, "copy.db")
        r = env.run(["backup", "--db", env.db, "--to", copy])
        count_at_backup = len(started)
        time.sleep(1)
        stop.set()
        t.join()
        check(r.returncode == 0 and "integrity ok" in r.stdout, f"backup: exits 0 and checks the copy ({r.stdout}{r.stderr})")
        con = sqlite3.connect(copy)
        ok = con.execute("PRAGMA integrity_check").fetchone()[0]
        n = con.execute("SELECT count(*) FROM executions").fetchone()[0]
        con.close()
        check(ok == "ok", "backup: the copy of a busy database opens cleanly")
        check(n > 0 and n <= count_at_backup + 2, f"backup: the copy holds the executions committed before it ({n})")
        check(oct(os.stat(copy).st_mode & 0o777) == "0o600", "backup: the copy is readable by its owner only")
        check(oct(os.stat(env.db).st_mode & 0o777) == "0o600", "files: a new database is created readable by its owner only")
        r = env.run(["backup", "--db", env.db, "--to", copy])
        check(r.returncode == 2, "backup: refuses to overwrite an existing file")
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=60)
    finally:
        env.close()


# --- configuration -----------------------------------------------------------------------------------------------

def test_configuration(args):
    env = Env(args, "config")
    try:
        file_port, env_port, flag_port = free_port(), free_port(), free_port()
        config = os.path.join(env.dir, "stepline.yaml")
        with open(config, "w") as f:
            f.write(f"db: ops.db\napi: 127.0.0.1:{file_port}\nlog:\n  level: info\n")
        r = env.run(["config", "show", config], env={"STEPLINE_API": f"127.0.0.1:{env_port}"})
        check(f"api: 127.0.0.1:{env_port}  # environment STEPLINE_API" in r.stdout, "config: the environment beats the file")
        r = env.run(["config", "show", config, "--set", f"api=127.0.0.1:{flag_port}"], env={"STEPLINE_API": f"127.0.0.1:{env_port}"})
        check(f"api: 127.0.0.1:{flag_port}  # flag api" in r.stdout, "config: a flag beats the environment")
        check(f"db: {env.dir}/ops.db" in r.stdout, "config: a relative path is relative to the file")
        # serve itself follows the same precedence: it listens where the flag says.
        p = env.start("serve", ["serve", "--config", config, "--api", f"127.0.0.1:{flag_port}", "--no-auth"],
                      env={"STEPLINE_API": f"127.0.0.1:{env_port}"})
        check(wait_for(lambda: http_get(f"http://127.0.0.1:{flag_port}/status"), 30) is not None, "config: serve listens on the flag's address")
        p.send_signal(signal.SIGTERM)
        p.wait(timeout=60)
        p = env.start("serve2", ["serve", "--config", config, "--no-auth"], env={"STEPLINE_API": f"127.0.0.1:{env_port}"})
        check(wait_for(lambda: http_get(f"http://127.0.0.1:{env_port}/status"), 30) is not None, "config: serve listens on the environment's address")
        p.send_signal(signal.SIGTERM)
        p.wait(timeout=60)
        set_port = free_port()
        p = env.start("serve3", ["serve", "--config", config, "--no-auth", "--set", f"api=127.0.0.1:{set_port}"],
                      env={"STEPLINE_API": f"127.0.0.1:{env_port}"})
        check(wait_for(lambda: http_get(f"http://127.0.0.1:{set_port}/status"), 30) is not None,
              "config: --set PATH=VALUE overrides any setting, above the environment")
        p.send_signal(signal.SIGTERM)
        p.wait(timeout=60)
        # A bad file: serve refuses with exit 2 and the same messages as config check.
        bad = os.path.join(env.dir, "bad.yaml")
        with open(bad, "w") as f:
            f.write("db: x.db\nworker:\n  concurrency: eight\nlgo: {level: debug}\n")
        r = env.run(["serve", "--config", bad])
        check(r.returncode == 2, "config: serve refuses a bad file with exit 2")
        check('line 3, column 16: worker.concurrency: expected a positive integer, got "eight"' in r.stderr,
              f"config: the refusal names the line and the setting\n{r.stderr}")
        check("lgo: unknown setting (did you mean 'log'?)" in r.stderr, "config: an unknown key is named with a suggestion")
        r = env.run(["config", "check", bad])
        check(r.returncode == 2 and "line 4" in r.stderr, "config: config check gives the same findings")
        secret = os.path.join(env.dir, "amqp-url")
        with open(secret, "w") as f:
            f.write(args.amqp_url + "\n")
        r = env.run(["config", "show", config], env={"STEPLINE_AMQP_URL_FILE": secret})
        check("amqpURL: " in r.stdout and "guest:****@" in r.stdout and ":guest@" not in r.stdout,
              "config: a secret read from a file is masked in config show")
    finally:
        env.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stepline", default=".build/release/stepline")
    ap.add_argument("--amqp-url", default="amqp://guest:guest@127.0.0.1:5672/")
    ap.add_argument("--only", default="")
    args = ap.parse_args()
    tests = [test_configuration, test_notify, test_metrics_and_status, test_backup, test_reload, test_drain, test_worker_grace]
    for t in tests:
        if args.only and args.only not in t.__name__:
            continue
        print(f"== {t.__name__}", flush=True)
        try:
            t(args)
        except Exception as e:
            check(False, f"{t.__name__} raised {type(e).__name__}: {e}")
    print(f"{len(PASSED)} passed, {len(FAILED)} failed")
    sys.exit(1 if FAILED else 0)


if __name__ == "__main__":
    main()
