"""Lambda-shaped handlers of the fan-out example.

    RunJobs    jobs.run_batch   one ItemBatcher batch: {"Items": [jobs], "BatchInput": {...}}
    Summarize  jobs.summarize   reads the ResultWriter's manifest and result files, and adds them up

The working directory is this folder; the bucket "jobs" is the folder data/, as stepline.json maps it.
"""
import json
import os


class JobFailed(Exception):
    """A job that cannot be done; its whole batch (one child execution) fails."""


def collatz(n):
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps


def run_job(job):
    kind, n = job["kind"], job["n"]
    if kind == "square":
        return n * n
    if kind == "digitsum":
        return sum(int(d) for d in str(n ** 7))
    if kind == "collatz":
        if n < 1:
            raise JobFailed("job %d: collatz needs n >= 1, got %d" % (job["id"], n))
        return collatz(n)
    raise JobFailed("job %d: unknown kind %r" % (job["id"], kind))


def run_batch(event, context):
    total = 0
    for job in event["Items"]:
        total += run_job(job)
    return {"first": event["Items"][0]["id"], "jobs": len(event["Items"]), "sum": total}


def summarize(event, context):
    """Input: the Map state's result, {"MapRunArn", "ResultWriterDetails": {"Bucket", "Key"}}."""
    details = event["ResultWriterDetails"]
    with open("stepline.json") as f:
        bucket = json.load(f)["buckets"][details["Bucket"]]  # the bucket's folder, as Stepline maps it
    with open(os.path.join(bucket, details["Key"])) as f:
        manifest = json.load(f)
    succeeded, failed = [], []
    for entry in manifest["ResultFiles"]["SUCCEEDED"]:
        with open(os.path.join(bucket, entry["Key"])) as f:
            succeeded += json.load(f)
    for entry in manifest["ResultFiles"]["FAILED"]:
        with open(os.path.join(bucket, entry["Key"])) as f:
            failed += json.load(f)
    failures = []
    for record in failed:
        items = json.loads(record["Input"])["Items"]
        failures.append({"error": record["Error"], "message": json.loads(record["Cause"])["errorMessage"],
                         "jobs": len(items), "first": items[0]["id"]})
    failures.sort(key=lambda f: f["first"])
    return {
        "batches": len(succeeded) + len(failed),
        "succeededBatches": len(succeeded),
        "failedBatches": len(failed),
        "jobs": sum(b["jobs"] for b in succeeded) + sum(f["jobs"] for f in failures),
        "succeededJobs": sum(b["jobs"] for b in succeeded),
        "failedJobs": sum(f["jobs"] for f in failures),
        "sum": sum(b["sum"] for b in succeeded),
        "failures": failures,
    }
