"""Stands in for SQS: records the approval request (with its task token) in approvals.log."""
import json
import sys

request = json.load(sys.stdin)
body = request["MessageBody"]
with open("approvals.log", "a") as log:
    log.write(json.dumps({"order": body["order"], "amount": body["amount"], "taskToken": body["taskToken"]}) + "\n")
print(json.dumps({"MessageId": "local-" + body["taskToken"][:8]}))
