#!/usr/bin/env python3
"""A poison execution fails alone: an execution whose step crashes `stepline serve` (a real stack overflow,
injected with STEPLINE_FAULT_INJECTION=stack-overflow:poison-) takes the service down once; the crash guard
journals its ARN beside the database; the next start stops that execution (ABORTED, States.Runtime) before
anything steps it again, and the service, the other executions and new ones go on. The fault stays injected
on the restart, so a service that stepped the poison execution again would crash again.

    python3 Tests/crash/poison_test.py [--stepline .build/release/stepline]

Prints `ok …`/`FAIL …` per check; the last line is 'N passed, M failed'; exits 1 if any check failed.
"""
import argparse, json, os, shutil, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "Tests", "support"))
from stepline_checks import Checks, stop_process, wait_for  # noqa: E402
WAIT = {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 2, "Next": "P"},
                                   "P": {"Type": "Pass", "Result": {"done": True}, "End": True}}}


def sh(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, timeout=120, **kw)


def describe(stepline, db, name):
    r = sh([stepline, "describe", "--db", db, name])
    try:
        return json.loads(r.stdout)
    except ValueError:
        return {}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stepline", default=os.path.join(ROOT, ".build/release/stepline"))
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="stepline-poison-")
    stepline = os.path.join(work, "stepline")
    shutil.copy(args.stepline, stepline)
    db = os.path.join(work, "poison.db")
    t = Checks()
    env = dict(os.environ, STEPLINE_FAULT_INJECTION="stack-overflow:poison-")

    definition = os.path.join(work, "m.asl.json")
    with open(definition, "w") as f:
        json.dump(WAIT, f)
    r = sh([stepline, "create-state-machine", "--db", db, "--name", "m", "--definition", definition])
    t.check(r.returncode == 0, "a state machine is registered", r.stderr)
    for name in ["good-1", "good-2"]:
        sh([stepline, "start", "--db", db, "--state-machine", "m", "--name", name, "--input", "{}"])

    log1 = open(os.path.join(work, "serve1.log"), "w")
    serve = subprocess.Popen([stepline, "serve", "--db", db], stdout=log1, stderr=subprocess.STDOUT, env=env)
    t.check(wait_for(lambda: describe(stepline, db, "good-1").get("status") == "SUCCEEDED", 30),
            "the service runs executions with the fault armed for another name")
    sh([stepline, "start", "--db", db, "--state-machine", "m", "--name", "good-3", "--input", "{}"])
    sh([stepline, "start", "--db", db, "--state-machine", "m", "--name", "poison-1", "--input", "{}"])
    try:
        code = serve.wait(timeout=120)
    except subprocess.TimeoutExpired:
        serve.kill()
        code = None
    log1.close()
    t.check(code is not None and code != 0, "stepping the poison execution crashes the service (a real stack overflow)",
            f"exit {code}: {open(log1.name).read()[-1500:]}")
    journal = db + ".crashes"
    text = open(journal).read() if os.path.exists(journal) else ""
    t.check(text.strip().endswith(":execution:m:poison-1"), "the crash guard journaled the poison execution's ARN", repr(text))

    log2 = open(os.path.join(work, "serve2.log"), "w")
    serve = subprocess.Popen([stepline, "serve", "--db", db], stdout=log2, stderr=subprocess.STDOUT, env=env)
    try:
        poison = wait_for(lambda: (d := describe(stepline, db, "poison-1")).get("status") not in (None, "RUNNING") and d, 30) or {}
        t.check(poison.get("status") == "ABORTED" and poison.get("error") == "States.Runtime"
                and "crashed the service" in (poison.get("cause") or ""),
                "the next start stops the poison execution alone: ABORTED, States.Runtime, the cause says why", poison)
        t.check(not os.path.exists(journal), "the journal is consumed")
        t.check(wait_for(lambda: describe(stepline, db, "good-3").get("status") == "SUCCEEDED", 30),
                "an execution in flight at the crash completes after the restart")
        sh([stepline, "start", "--db", db, "--state-machine", "m", "--name", "good-4", "--input", "{}"])
        t.check(wait_for(lambda: describe(stepline, db, "good-4").get("status") == "SUCCEEDED", 30),
                "a new execution runs")
        t.check(serve.poll() is None, "the service stays up with the fault still armed", open(log2.name).read()[-1500:])
        logged = open(log2.name).read()
        t.check("stepping it crashed the service" in logged and "poison-1" in logged,
                "the service's log says which execution it stopped and why", logged[-1500:])
    finally:
        stop_process(serve)
        log2.close()
    t.finish(work)


if __name__ == "__main__":
    main()
