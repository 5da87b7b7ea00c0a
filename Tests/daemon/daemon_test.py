#!/usr/bin/env python3
"""Integration test of `stepline serve --amqp-url` and `stepline worker` against a real RabbitMQ on 127.0.0.1:

- messages of each shape (StartExecution request, SQS body, EventBridge event routed by a rule) start executions;
- malformed messages are dead-lettered with a reason and the next message still runs;
- a worker killed with SIGKILL mid-job loses nothing (another worker gets the job);
- the broker restarted mid-run loses nothing;
- the daemon killed with SIGKILL mid-run resumes from SQLite with nothing lost or doubled.

    python3 Tests/daemon/daemon_test.py --stepline .build/release/stepline

Needs `pika` (pip) and a broker (scripts/rabbitmq start). The last line is 'N passed, N failed'.
"""
import argparse, json, os, random, shutil, signal, subprocess, sys, tempfile, time, uuid

import pika

HERE = os.path.dirname(os.path.abspath(__file__))

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stepline", default=".build/release/stepline")
    ap.add_argument("--amqp-url", default="amqp://guest:guest@127.0.0.1:5672/")
    ap.add_argument("--executions", type=int, default=40)
    args = ap.parse_args()
    stepline = os.path.abspath(args.stepline)
    work = tempfile.mkdtemp(prefix="stepline-daemon-")
    prefix = "t" + uuid.uuid4().hex[:8]
    queues = {q: f"{prefix}.{q}" for q in ["start", "dead", "events", "jobs", "results", "callbacks"]}
    db = os.path.join(work, "d.db")
    os.makedirs(os.path.join(work, "defs"))
    with open(os.path.join(work, "defs", "doubler.asl.json"), "w") as f:
        json.dump({"StartAt": "Work", "States": {
            "Work": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:111111111111:function:double",
                     "Next": "Check"},
            "Check": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericGreaterThan": -1, "Next": "Done"}],
                      "Default": "Done"},
            "Done": {"Type": "Pass", "End": True}}}, f)
    config = os.path.join(work, "config.json")
    with open(config, "w") as f:
        json.dump({"tasks": {"double": f"sleep 0.4; python3 {HERE}/double.py"},
                   "rules": [{"name": "shop", "eventPattern": {"source": ["shop.orders"]}, "stateMachine": "doubler"}],
                   "queues": {"start": queues["start"], "deadLetter": queues["dead"], "events": queues["events"],
                              "jobs": queues["jobs"], "results": queues["results"],
                              "callbacks": queues["callbacks"]}}, f)
    log = open(os.path.join(work, "processes.log"), "w")
    def serve():
        return subprocess.Popen([stepline, "serve", "--db", db, "--amqp-url", args.amqp_url, "--config", config,
                                 "--definitions", os.path.join(work, "defs")], stdout=log, stderr=log)
    def worker():
        return subprocess.Popen([stepline, "worker", "--amqp-url", args.amqp_url, "--config", config,
                                 "--concurrency", "4"], stdout=log, stderr=log)

    failures = []
    def check(cond, what):
        if not cond:
            failures.append(what); print("FAIL", what)

    daemon = serve(); workers = [worker(), worker()]
    time.sleep(2)
    conn = pika.BlockingConnection(pika.URLParameters(args.amqp_url))
    ch = conn.channel()
    ch.queue_declare(queues["events"] + ".tap", durable=True)
    ch.queue_bind(queues["events"] + ".tap", queues["events"], "execution.*")
    expected = {}
    def publish(body, mid=None):
        ch.basic_publish("", queues["start"], body, pika.BasicProperties(delivery_mode=2, message_id=mid))
    for i in range(args.executions):
        n = i + 1
        kind = i % 3
        if kind == 0:
            publish(json.dumps({"stateMachine": "doubler", "name": f"req-{i}", "input": {"n": n}}))
            expected[f"req-{i}"] = {"n": 2 * n}
        elif kind == 1:
            inner = json.dumps({"stateMachineArn": "arn:aws:states:us-east-1:111111111111:stateMachine:doubler",
                                "name": f"sqs-{i}", "input": json.dumps({"n": n})})
            publish(json.dumps({"MessageId": f"m{i}", "Body": inner}))
            expected[f"sqs-{i}"] = {"n": 2 * n}
        else:
            event = {"version": "0", "id": f"ev{i}", "detail-type": "Order Placed", "source": "shop.orders",
                     "time": "2026-01-01T00:00:00Z", "region": "us-east-1", "resources": [], "detail": {}, "n": n}
            publish(json.dumps(event))
        if i == 3:
            publish("this is not json")
            publish(json.dumps({"stateMachine": "no-such-machine", "name": "x"}))
    # EventBridge executions get the whole event as input; their output is the worker's answer to it.
    time.sleep(1.0)
    # A worker dies mid-job.
    workers[0].send_signal(signal.SIGKILL); workers[0].wait(); workers[0] = worker()
    time.sleep(1.0)
    # The broker restarts mid-run.
    subprocess.run(["rabbitmqctl", "stop_app"], capture_output=True)
    time.sleep(1.0)
    subprocess.run(["rabbitmqctl", "start_app"], capture_output=True)
    time.sleep(3.0)
    # The daemon dies mid-run and comes back.
    daemon.send_signal(signal.SIGKILL); daemon.wait(); time.sleep(0.3); daemon = serve()
    deadline = time.time() + 120
    names = []
    while time.time() < deadline:
        out = subprocess.run([stepline, "list-executions", "--db", db, "--limit", "1000"], capture_output=True, text=True)
        listed = json.loads(out.stdout)["executions"] if out.returncode == 0 else []
        names = [e["name"] for e in listed]
        if len(listed) >= args.executions and all(e["status"] != "RUNNING" for e in listed):
            break
        time.sleep(0.5)
    check(len(names) == args.executions, f"{len(names)} executions for {args.executions} messages")
    check(len(set(names)) == len(names), "an execution name appears twice")
    for name in names:
        d = json.loads(subprocess.run([stepline, "describe", "--db", db, name], capture_output=True, text=True).stdout)
        check(d["status"] == "SUCCEEDED", f"{name} is {d['status']} {d.get('error')} {d.get('cause')}")
        if name in expected and d["status"] == "SUCCEEDED":
            check(json.loads(d["output"]) == expected[name], f"{name} output {d['output']}")
        h = json.loads(subprocess.run([stepline, "history", "--db", db, name, "--json"], capture_output=True, text=True).stdout)["events"]
        ids = [e["id"] for e in h]
        check(ids == list(range(1, len(ids) + 1)), f"{name} history ids {ids}")
        types = [e["type"] for e in h]
        check(types.count("ExecutionStarted") == 1 and types.count("TaskSucceeded") + types.count("LambdaFunctionSucceeded") == 1,
              f"{name} history {types}")
    conn2 = pika.BlockingConnection(pika.URLParameters(args.amqp_url))
    ch2 = conn2.channel()
    dead = []
    while True:
        m = ch2.basic_get(queues["dead"], auto_ack=True)
        if m[0] is None: break
        dead.append(m[1].headers or {})
    check(len(dead) == 2, f"{len(dead)} dead letters, want 2")
    check(all(h.get("x-stepline-reason") for h in dead), "a dead letter without a reason")
    events = 0
    while True:
        m = ch2.basic_get(queues["events"] + ".tap", auto_ack=True)
        if m[0] is None: break
        events += 1
    check(events >= args.executions, f"{events} status-change events for {args.executions} executions")
    for q in list(queues.values()) + [queues["events"] + ".tap"]:
        try: ch2.queue_delete(q)
        except Exception: pass
    conn2.close()
    for p in [daemon] + workers:
        p.send_signal(signal.SIGTERM)
    for p in [daemon] + workers:
        try: p.wait(timeout=20)
        except subprocess.TimeoutExpired: p.kill()
    print(f"daemon test: {len(names)} executions, {len(dead)} dead letters, {events} events, work dir {work}")
    passed = 1 if not failures else 0
    if not failures:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{passed} passed, {len(failures) and 1} failed")
    return 0 if not failures else 1

if __name__ == "__main__":
    sys.exit(main())
