"""Writes the example's jobs: python3 make_jobs.py [COUNT] (default 100000) -> data/jobs.jsonl.

One JSON object per line, {"id", "kind", "n"}; the same file every time. Three jobs are broken on purpose
(a "collatz" job with n = 0), so three batches fail: 300 of 100,000 items, within the 1% tolerated.
"""
import json
import os
import sys

BROKEN = {13_000, 47_000, 86_000}
KINDS = ["square", "digitsum", "collatz"]


def job(i):
    if i in BROKEN:
        return {"id": i, "kind": "collatz", "n": 0}
    return {"id": i, "kind": KINDS[i % 3], "n": (i * 7919) % 997 + 1}


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    here = os.path.dirname(os.path.abspath(__file__))
    os.makedirs(os.path.join(here, "data"), exist_ok=True)
    path = os.path.join(here, "data", "jobs.jsonl")
    with open(path, "w") as f:
        for i in range(count):
            f.write(json.dumps(job(i), separators=(",", ":")) + "\n")
    print("wrote %d jobs to data/jobs.jsonl" % count)


if __name__ == "__main__":
    main()
