#!/usr/bin/env python3
"""Crash test for `stepline serve`: SIGKILL the service at random moments, restart it, and check that every
execution ends with the output it has without crashes and with a well-formed history.

    python3 Tests/crash/crash_test.py --stepline .build/release/stepline [--kills 50] [--seed 1]

Exit status 0 when every check passes; the last line is 'N passed, N failed'.
"""
import argparse, json, os, random, shutil, signal, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))

def sh(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stepline", default=".build/release/stepline")
    ap.add_argument("--kills", type=int, default=50)
    ap.add_argument("--seed", type=int, default=int(time.time()))
    ap.add_argument("--per-wave", type=int, default=12)
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    stepline = os.path.abspath(args.stepline)
    work = tempfile.mkdtemp(prefix="stepline-crash-")
    db = os.path.join(work, "crash.db")
    flaky_dir = os.path.join(work, "flaky")
    os.makedirs(flaky_dir)
    config = os.path.join(work, "config.json")
    with open(config, "w") as f:
        json.dump({"tasks": {
            "arn:aws:lambda:us-east-1:111111111111:function:slow": "sleep 0.3; cat",
            "arn:aws:lambda:us-east-1:111111111111:function:flaky":
                f"python3 {HERE}/flaky.py {flaky_dir}",
            "arn:aws:lambda:us-east-1:111111111111:function:broken": "echo boom >&2; exit 3",
        }}, f)
    workflows = sorted(n[:-5] for n in os.listdir(os.path.join(HERE, "workflows")) if n.endswith(".json"))
    for w in workflows:
        r = sh([stepline, "create-state-machine", "--db", db, "--name", w,
                "--definition", os.path.join(HERE, "workflows", w + ".json")])
        if r.returncode != 0:
            print(r.stderr); return 2

    # The reference: each workflow run in process, no crashes, no database.
    reference = {}
    for w in workflows:
        for k in range(3):
            inp = json.dumps({"key": f"ref-{w}-{k}", "n": k})
            r = sh([stepline, "run", os.path.join(HERE, "workflows", w + ".json"), "--input", inp, "--config", config])
            if r.returncode != 0:
                print("reference run failed", w, r.returncode, r.stdout, r.stderr); return 2
            out = json.loads(r.stdout)
            reference[(w, k)] = out

    log = open(os.path.join(work, "serve.log"), "w")
    def serve():
        return subprocess.Popen([stepline, "serve", "--db", db, "--config", config], stdout=log, stderr=log)

    started = []   # (name, workflow, k)
    def start_wave(wave):
        for i in range(args.per_wave):
            w = rnd.choice(workflows); k = rnd.randrange(3)
            name = f"w{wave}-{i}-{w}"
            inp = json.dumps({"key": name, "n": k})
            r = sh([stepline, "start", "--db", db, "--state-machine", w, "--name", name, "--input", inp])
            if r.returncode != 0:
                print("start failed", r.stderr); sys.exit(2)
            started.append((name, w, k))

    proc = serve()
    kills = 0; wave = 0
    start_wave(wave)
    while kills < args.kills:
        time.sleep(rnd.uniform(0.05, 0.6))
        proc.send_signal(signal.SIGKILL); proc.wait(); kills += 1
        if rnd.random() < 0.3:
            time.sleep(rnd.uniform(0, 0.3))
        proc = serve()
        if kills % 5 == 0:
            wave += 1; start_wave(wave)
    # Let everything finish.
    deadline = time.time() + 120
    while time.time() < deadline:
        r = sh([stepline, "list-executions", "--db", db, "--status", "RUNNING"])
        if json.loads(r.stdout)["executions"] == []:
            break
        time.sleep(0.5)
    proc.send_signal(signal.SIGTERM); proc.wait(timeout=30)

    passed = failed = 0
    for name, w, k in started:
        problems = []
        d = json.loads(sh([stepline, "describe", "--db", db, name]).stdout)
        if d["status"] != "SUCCEEDED":
            problems.append(f"status {d['status']} {d.get('error')} {d.get('cause')}")
        else:
            got = json.loads(d["output"])
            want = reference[(w, k)]
            if isinstance(want, dict) and "key" in want:
                want = dict(want, key=name)
            if got != want:
                problems.append(f"output {got} != {want}")
        events = json.loads(sh([stepline, "history", "--db", db, name, "--json"]).stdout)["events"]
        ids = [e["id"] for e in events]
        if ids != list(range(1, len(ids) + 1)):
            problems.append(f"event ids not contiguous: {ids[:20]}")
        if any(e["previousEventId"] >= e["id"] for e in events):
            problems.append("a previousEventId is not before its event")
        types = [e["type"] for e in events]
        if types.count("ExecutionStarted") != 1 or types[0] != "ExecutionStarted":
            problems.append("ExecutionStarted missing or repeated")
        if d["status"] == "SUCCEEDED" and (types[-1] != "ExecutionSucceeded" or types.count("ExecutionSucceeded") != 1):
            problems.append("ExecutionSucceeded missing, repeated or not last")
        entered = sum(1 for t in types if t.endswith("StateEntered"))
        exited = sum(1 for t in types if t.endswith("StateExited"))
        if d["status"] == "SUCCEEDED" and entered != exited:
            problems.append(f"{entered} states entered but {exited} exited")
        if problems:
            failed += 1
            print(f"FAIL {name}: " + "; ".join(problems))
        else:
            passed += 1
    print(f"crash test: {kills} kills, {len(started)} executions, seed {args.seed}, work dir {work}")
    if failed == 0:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1

if __name__ == "__main__":
    sys.exit(main())
