#!/usr/bin/env python3
"""A Task handler for the distributed-map test: records which worker ran it and when, then answers its input
(or fails when the item says so). The worker is the grandparent: the worker runs `sh -c`, which runs this."""
import fcntl, json, os, sys, time

item = json.load(sys.stdin)
log = os.environ.get("PROBE_LOG") or sys.argv[1]
def grandparent():
    try:
        with open(f"/proc/{os.getppid()}/stat") as f:
            return int(f.read().rsplit(")", 1)[1].split()[1])
    except OSError:
        return os.getppid()
start = time.time()
time.sleep(0.05)
end = time.time()
with open(log, "a") as f:
    fcntl.flock(f, fcntl.LOCK_EX)
    f.write(json.dumps({"worker": grandparent(), "start": start, "end": end, "id": item.get("id")}) + "\n")
if item.get("fail"):
    print(json.dumps({"errorType": "ItemFailed", "errorMessage": f"item {item.get('id')} failed"}))
    sys.exit(1)
print(json.dumps(item))
