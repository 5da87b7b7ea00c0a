#!/usr/bin/env python3
"""A task that fails the first two times it sees a key, then echoes its input."""
import json, os, sys
directory = sys.argv[1]
event = json.load(sys.stdin)
path = os.path.join(directory, str(event.get("key", "none")))
count = int(open(path).read()) if os.path.exists(path) else 0
with open(path, "w") as f:
    f.write(str(count + 1))
if count < 2:
    print(json.dumps({"errorType": "Flaky", "errorMessage": f"attempt {count + 1}"}))
    sys.exit(0)
print(json.dumps(event))
