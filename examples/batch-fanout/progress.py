"""Follows the Distributed Map run of an execution: python3 progress.py DB EXECUTION [SECONDS]

Prints the map run's item and child-execution counts (from `stepline describe-map-run`) every half second
while it runs, and once more when it has ended; gives up after SECONDS (default 600).
"""
import json
import subprocess
import sys
import time


def stepline(*args):
    """A stepline command's JSON answer; tried again a few times if it fails (the service may hold the database)."""
    for attempt in range(5):
        p = subprocess.run(("stepline",) + args, capture_output=True, text=True)
        if p.returncode == 0:
            return json.loads(p.stdout)
        time.sleep(0.2)
    sys.exit("progress.py: stepline %s failed: %s" % (args[0], p.stderr.strip()))


def line(run):
    items, children = run["itemCounts"], run["executionCounts"]
    return "%s: items %d succeeded, %d failed, %d running of %d; child executions %d succeeded, %d failed" % (
        run["status"], items["succeeded"], items["failed"], items["running"], items["total"],
        children["succeeded"], children["failed"])


def main():
    db, execution = sys.argv[1], sys.argv[2]
    deadline = time.monotonic() + (float(sys.argv[3]) if len(sys.argv) > 3 else 600)
    arn = None
    while time.monotonic() < deadline:
        if arn is None:
            runs = stepline("list-map-runs", "--db", db, "--execution-arn", execution)["mapRuns"]
            arn = runs[0]["mapRunArn"] if runs else None
        if arn is not None:
            run = stepline("describe-map-run", "--db", db, "--map-run-arn", arn)
            print(line(run), flush=True)
            if run["status"] != "RUNNING":
                return
        time.sleep(0.5)
    sys.exit("progress.py: the map run of %s has not ended in time" % execution)


if __name__ == "__main__":
    main()
