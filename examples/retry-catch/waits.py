"""Reads an execution's history and checks every retry's wait against the definition's Retry rules.

    stepline run retry-catch.asl.json ... --json | python3 waits.py retry-catch.asl.json
    stepline history --db F EXECUTION --json      | python3 waits.py retry-catch.asl.json

For each retry of each Task state, prints the error, the retrier's cap for that retry (IntervalSeconds x
BackoffRate^n, at most MaxDelaySeconds), the wait the history shows (from the failure to the next
TaskScheduled), and "ok" when the wait fits: anywhere from 0 to the cap with JitterStrategy FULL, the
cap itself (within a quarter of a second) without jitter. Exits 1 when a wait does not fit.
"""
import datetime
import json
import sys

SLACK = 0.25
FAILURES = {"TaskFailed": "taskFailedEventDetails", "TaskTimedOut": "taskTimedOutEventDetails"}


def states_of(definition):
    """Every state of the definition, nested ones included, by name."""
    found = {}
    for name, state in definition.get("States", {}).items():
        found[name] = state
        for branch in state.get("Branches", []):
            found.update(states_of(branch))
        for key in ("ItemProcessor", "Iterator"):
            if key in state:
                found.update(states_of(state[key]))
    return found


def retrier_for(state, error):
    """The first retrier that matches the error, and its index (as the Retry rules pick one)."""
    for i, r in enumerate(state.get("Retry", [])):
        names = r["ErrorEquals"]
        if error in names or "States.ALL" in names or (
                "States.TaskFailed" in names and error != "States.Timeout"):
            return i, r
    return None, None


def when(event):
    return datetime.datetime.fromisoformat(event["timestamp"].replace("Z", "+00:00")).timestamp()


def main():
    with open(sys.argv[1]) as f:
        states = states_of(json.load(f))
    events = json.load(sys.stdin)["events"]
    by_id = {e["id"]: e for e in events}
    state_of = {}  # event id -> the Task state it belongs to
    for e in events:
        if e["type"] == "TaskStateEntered":
            state_of[e["id"]] = e["stateEnteredEventDetails"]["name"]
        elif e.get("previousEventId") in state_of and e["type"].startswith("Task") and e["type"] != "TaskStateEntered":
            state_of[e["id"]] = state_of[e["previousEventId"]]
    lines, bad = [], 0
    retries = {}  # (state, retrier) -> retries so far
    for e in events:
        if e["type"] != "TaskScheduled":
            continue
        failure = by_id.get(e.get("previousEventId"))
        if failure is None or failure["type"] not in FAILURES:
            continue
        name = state_of[failure["id"]]
        error = failure[FAILURES[failure["type"]]].get("error")
        index, r = retrier_for(states[name], error)
        n = retries.get((name, index), 0)
        retries[(name, index)] = n + 1
        cap = r.get("IntervalSeconds", 1) * r.get("BackoffRate", 2.0) ** n
        if "MaxDelaySeconds" in r:
            cap = min(cap, r["MaxDelaySeconds"])
        waited = when(e) - when(failure)
        jitter = r.get("JitterStrategy", "NONE")
        if jitter == "FULL":
            ok = -SLACK <= waited <= cap + SLACK
            rule = "0 to %g s, FULL jitter" % cap
        else:
            ok = abs(waited - cap) <= SLACK
            rule = "%g s, no jitter" % cap
        bad += not ok
        lines.append((name, n, "%s: %s, retry %d waited %.2f s (%s): %s" % (
            name, error, n + 1, waited, rule, "ok" if ok else "DOES NOT FIT")))
    for _, _, line in sorted(lines):
        print(line)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
