"""Lambda-shaped handlers that fail in known ways, for the Retry/Catch showcase.

    Flaky     handlers.flaky     raises ServiceBusy until the state's RetryCount reaches "failFirst"
    Validate  handlers.validate  raises ValueError for a quantity below 1 (no Retry matches it)
    Slow      handlers.slow      sleeps "seconds" (longer than the state's TimeoutSeconds)
    Crash     handlers.crash     the process exits with status 3 (Runtime.ExitError)
"""
import os
import time


class ServiceBusy(Exception):
    """A transient failure: worth retrying."""


def flaky(event, context):
    attempt = event["attempt"] + 1
    if attempt <= event["failFirst"]:
        raise ServiceBusy("busy, try later (attempt %d)" % attempt)
    return {"attempt": attempt, "message": "done on attempt %d" % attempt}


def validate(event, context):
    if event["quantity"] < 1:
        raise ValueError("quantity must be at least 1, got %d" % event["quantity"])
    return {"quantity": event["quantity"]}


def slow(event, context):
    time.sleep(event["seconds"])
    return {"slept": event["seconds"]}


def crash(event, context):
    os._exit(3)
