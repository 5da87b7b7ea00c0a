#!/usr/bin/env python3
"""Integration test of a Distributed Map run by `stepline serve` and two `stepline worker` processes over a real
RabbitMQ on 127.0.0.1: items read from a JSON Lines file, children's Task states run by both workers, no more
children at once than MaxConcurrency, and the tolerated failure threshold holding (and failing when exceeded).

    python3 Tests/daemon/distributed_map_test.py --stepline .build/release/stepline

Needs `pika` (pip) and a broker (scripts/rabbitmq start). The last line is 'N passed, N failed'.
"""
import argparse, json, os, shutil, signal, subprocess, sys, tempfile, time, uuid

import pika

HERE = os.path.dirname(os.path.abspath(__file__))


def machine(max_concurrency, tolerated, execution_type="EXPRESS"):
    fan = {
        "Type": "Map", "MaxConcurrency": max_concurrency,
        "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSONL"},
                       "Parameters": {"Bucket": "data", "Key.$": "$.key"}},
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": execution_type},
                          "StartAt": "Probe",
                          "States": {"Probe": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:111111111111:function:probe",
                                               "End": True}}},
        "ResultSelector": {"count.$": "States.ArrayLength($)"},
        "End": True}
    if tolerated is not None:
        fan["ToleratedFailureCount"] = tolerated
    return {"StartAt": "Fan", "States": {"Fan": fan}}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stepline", default=".build/release/stepline")
    ap.add_argument("--amqp-url", default="amqp://guest:guest@127.0.0.1:5672/")
    args = ap.parse_args()
    stepline = os.path.abspath(args.stepline)
    work = tempfile.mkdtemp(prefix="stepline-dmap-test-")
    prefix = "m" + uuid.uuid4().hex[:8]
    q = {k: f"{prefix}.{k}" for k in ["start", "dead", "events", "jobs", "results", "callbacks"]}
    data = os.path.join(work, "data")
    defs = os.path.join(work, "defs")
    os.makedirs(data)
    os.makedirs(defs)
    probe_log = os.path.join(work, "probe.log")
    with open(os.path.join(data, "ok.jsonl"), "w") as f:
        for i in range(40):
            f.write(json.dumps({"id": i}) + "\n")
    with open(os.path.join(data, "two-bad.jsonl"), "w") as f:
        for i in range(12):
            f.write(json.dumps({"id": i, "fail": i in (3, 7)}) + "\n")
    with open(os.path.join(data, "three-bad.jsonl"), "w") as f:
        for i in range(12):
            f.write(json.dumps({"id": i, "fail": i in (2, 5, 9)}) + "\n")
    json.dump(machine(4, None), open(os.path.join(defs, "limited.asl.json"), "w"))
    # STANDARD children: durable executions of their own (state machine "tolerant/Fan"), Task states on the workers.
    json.dump(machine(6, 2, "STANDARD"), open(os.path.join(defs, "tolerant.asl.json"), "w"))
    config = os.path.join(work, "config.json")
    json.dump({"tasks": {"probe": f"python3 {HERE}/probe.py {probe_log}"}, "buckets": {"data": data},
               "queues": {"start": q["start"], "deadLetter": q["dead"], "events": q["events"], "jobs": q["jobs"],
                          "results": q["results"], "callbacks": q["callbacks"]}}, open(config, "w"))
    log = open(os.path.join(work, "processes.log"), "w")
    serve = subprocess.Popen([stepline, "serve", "--db", os.path.join(work, "m.db"), "--amqp-url", args.amqp_url,
                              "--config", config, "--definitions", defs], stdout=log, stderr=log)
    workers = [subprocess.Popen([stepline, "worker", "--amqp-url", args.amqp_url, "--config", config,
                                 "--concurrency", "4"], stdout=log, stderr=log) for _ in range(2)]
    worker_pids = {w.pid for w in workers}
    time.sleep(2)
    passed, failed = 0, 0

    def check(cond, what):
        nonlocal passed, failed
        if cond:
            passed += 1
        else:
            failed += 1
            print("FAIL", what, flush=True)

    conn = pika.BlockingConnection(pika.URLParameters(args.amqp_url))
    ch = conn.channel()
    tap = q["events"] + ".tap"
    ch.queue_declare(tap, exclusive=True)
    ch.queue_bind(tap, q["events"], "execution.*")

    def run(machine_name, key):
        name = f"{machine_name}-{uuid.uuid4().hex[:6]}"
        ch.basic_publish("", q["start"], json.dumps({"stateMachine": machine_name, "name": name, "input": {"key": key}}),
                         pika.BasicProperties(delivery_mode=2))
        for method, props, body in ch.consume(tap, auto_ack=True, inactivity_timeout=120):
            if method is None:
                break
            e = json.loads(body)["detail"]
            if e["name"] == name:
                ch.cancel()
                return e
        ch.cancel()
        return None

    def map_run(event):
        """The execution's one map run, as describe-map-run gives it."""
        if not event:
            return {}
        db = os.path.join(work, "m.db")
        runs = json.loads(subprocess.run([stepline, "list-map-runs", "--db", db, "--execution-arn", event["executionArn"]],
                                         capture_output=True, text=True).stdout or "{}").get("mapRuns", [])
        if len(runs) != 1:
            return {"runs": runs}
        return json.loads(subprocess.run([stepline, "describe-map-run", "--db", db, "--map-run-arn", runs[0]["mapRunArn"]],
                                         capture_output=True, text=True).stdout or "{}")

    try:
        # MaxConcurrency 4 over 40 items: both workers take items, never more than 4 children at once.
        open(probe_log, "w").close()
        e = run("limited", "ok.jsonl")
        check(e is not None and e["status"] == "SUCCEEDED", f"limited map succeeded: {e}")
        out = json.loads(e["output"]) if e and e.get("output") else None
        check(out == {"count": 40}, f"limited map returned every item: {out}")
        records = [json.loads(l) for l in open(probe_log)]
        check(len(records) == 40, f"40 children ran ({len(records)})")
        by_worker = {}
        for r in records:
            by_worker[r["worker"]] = by_worker.get(r["worker"], 0) + 1
        check(set(by_worker) == worker_pids, f"both workers took items: {by_worker} vs {worker_pids}")
        points = sorted([(r["start"], 1) for r in records] + [(r["end"], -1) for r in records])
        running, peak = 0, 0
        for _, d in points:
            running += d
            peak = max(peak, running)
        check(1 <= peak <= 4, f"at most MaxConcurrency (4) children at once: peak {peak}")
        run_record = map_run(e)
        check(run_record.get("status") == "SUCCEEDED", f"the map run record says SUCCEEDED: {run_record}")
        counts = run_record.get("itemCounts", {})
        check(counts.get("succeeded") == 40 and counts.get("total") == 40 and counts.get("failed") == 0,
              f"the map run counted 40 succeeded items: {counts}")

        # ToleratedFailureCount 2: two failed items are tolerated, three fail the Map state.
        e = run("tolerant", "two-bad.jsonl")
        check(e is not None and e["status"] == "SUCCEEDED", f"two failures tolerated: {e}")
        out = json.loads(e["output"]) if e and e.get("output") else None
        check(out == {"count": 12}, f"tolerated map returned all 12 results: {out}")
        run_arn = map_run(e).get("mapRunArn", "")
        listed = json.loads(subprocess.run([stepline, "list-executions", "--db", os.path.join(work, "m.db"),
                                            "--map-run-arn", run_arn, "--limit", "100"],
                                           capture_output=True, text=True).stdout or "{}").get("executions", [])
        statuses = sorted(x["status"] for x in listed)
        check(statuses == ["FAILED"] * 2 + ["SUCCEEDED"] * 10,
              f"STANDARD children are executions of their own, listed by their map run: {statuses}")
        check(all(":execution:tolerant/Fan:" in x["executionArn"] for x in listed), "children's ARNs name MACHINE/LABEL")
        e = run("tolerant", "three-bad.jsonl")
        check(e is not None and e["status"] == "FAILED", f"three failures fail the execution: {e}")
        check(e is not None and e.get("error") == "States.ExceedToleratedFailureThreshold",
              f"with States.ExceedToleratedFailureThreshold: {e and e.get('error')}")
        run_record = map_run(e)
        check(run_record.get("status") == "FAILED" and run_record.get("itemCounts", {}).get("failed", 0) >= 3,
              f"the map run record says FAILED with 3 failed items: {run_record}")
    finally:
        for p in workers + [serve]:
            p.send_signal(signal.SIGTERM)
        for p in workers + [serve]:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
        for name in q.values():
            try:
                ch.queue_delete(name)
            except Exception:
                pass
        conn.close()
    if failed:
        print(f"logs kept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
