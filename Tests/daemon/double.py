import json, sys
event = json.load(sys.stdin)
print(json.dumps({"n": event["n"] * 2}))
