#!/usr/bin/env python3
"""Benchmark of callback round trips through the daemon and RabbitMQ: N executions each send a task token with
`sqs:sendMessage.waitForTaskToken` (a message on an AMQP queue), a responder answers each with SendTaskSuccess on
the callback queue, and the execution continues to its end. Reports round trips per second and the p50/p99 time
from the token's message to the execution's status-change event.

    python3 Benchmarks/callback_rate.py --stepline .build/release/stepline [--n 5000] [--workers 1]
"""
import argparse, json, os, shutil, signal, subprocess, sys, tempfile, threading, time, uuid

import pika

DEFINITION = {
    "StartAt": "Ask",
    "States": {
        "Ask": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/111111111111/approvals",
                               "MessageBody": {"token.$": "$$.Task.Token", "name.$": "$$.Execution.Name"}},
                "ResultPath": "$.answer", "Next": "Done"},
        "Done": {"Type": "Pass", "End": True},
    },
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stepline", default=".build/release/stepline")
    ap.add_argument("--amqp-url", default="amqp://guest:guest@127.0.0.1:5672/")
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="stepline-cb-")
    prefix = "c" + uuid.uuid4().hex[:8]
    q = {k: f"{prefix}.{k}" for k in ["start", "dead", "events", "jobs", "results", "callbacks", "approvals"]}
    os.makedirs(os.path.join(work, "defs"))
    json.dump(DEFINITION, open(os.path.join(work, "defs", "approve.asl.json"), "w"))
    config = os.path.join(work, "config.json")
    json.dump({"queues": {"start": q["start"], "deadLetter": q["dead"], "events": q["events"], "jobs": q["jobs"],
                          "results": q["results"], "callbacks": q["callbacks"]},
               "messaging": {"queues": {"https://sqs.us-east-1.amazonaws.com/111111111111/approvals": q["approvals"]}}},
              open(config, "w"))
    setup = pika.BlockingConnection(pika.URLParameters(args.amqp_url))
    setup.channel().queue_declare(q["approvals"], durable=True)
    setup.close()
    stepline = os.path.abspath(args.stepline)
    log = open(os.path.join(work, "serve.log"), "w")
    serve = subprocess.Popen([stepline, "serve", "--db", os.path.join(work, "c.db"), "--amqp-url", args.amqp_url,
                              "--config", config, "--definitions", os.path.join(work, "defs")], stdout=log, stderr=log)
    workers = [subprocess.Popen([stepline, "worker", "--amqp-url", args.amqp_url, "--config", config,
                                 "--concurrency", "32"], stdout=log, stderr=log) for _ in range(args.workers)]
    time.sleep(2)
    issued = {}
    done = {}
    ready = threading.Event()

    def responder():
        c = pika.BlockingConnection(pika.URLParameters(args.amqp_url))
        ch = c.channel()
        ch.basic_qos(prefetch_count=500)
        answered = 0
        for method, props, body in ch.consume(q["approvals"], inactivity_timeout=60):
            if method is None:
                break
            m = json.loads(body)
            issued[m["name"]] = time.time()
            ch.basic_publish("", q["callbacks"], json.dumps({"taskToken": m["token"], "output": {"approved": True}}),
                             pika.BasicProperties(delivery_mode=2))
            ch.basic_ack(method.delivery_tag)
            answered += 1
            if answered >= args.n:
                break
        c.close()

    def listen():
        c = pika.BlockingConnection(pika.URLParameters(args.amqp_url))
        ch = c.channel()
        ch.queue_declare(q["events"] + ".tap", exclusive=True)
        ch.queue_bind(q["events"] + ".tap", q["events"], "execution.*")
        ready.set()
        for method, props, body in ch.consume(q["events"] + ".tap", auto_ack=True, inactivity_timeout=60):
            if method is None:
                break
            e = json.loads(body)["detail"]
            done[e["name"]] = (time.time(), e["status"])
            if len(done) >= args.n:
                break
        c.close()

    threads = [threading.Thread(target=responder), threading.Thread(target=listen)]
    for t in threads:
        t.start()
    ready.wait()
    c = pika.BlockingConnection(pika.URLParameters(args.amqp_url))
    ch = c.channel()
    start = time.time()
    for i in range(args.n):
        ch.basic_publish("", q["start"], json.dumps({"stateMachine": "approve", "name": f"a{i}", "input": {"i": i}}),
                         pika.BasicProperties(delivery_mode=2))
    for t in threads:
        t.join(timeout=600)
    ok = sum(1 for v in done.values() if v[1] == "SUCCEEDED")
    end = max((v[0] for v in done.values()), default=time.time())
    lat = sorted((done[k][0] - issued[k]) * 1000 for k in done if k in issued)
    print(f"callbacks: {args.n} executions, {ok} succeeded")
    if lat:
        p = lambda x: lat[min(len(lat) - 1, int(len(lat) * x))]
        print(f"round trips/s (start to last status event): {ok / (end - start):.0f}")
        print(f"token message -> status event: p50 {p(0.5):.1f} ms, p99 {p(0.99):.1f} ms")
    for p_ in workers + [serve]:
        p_.send_signal(signal.SIGTERM)
    for p_ in workers + [serve]:
        try:
            p_.wait(timeout=30)
        except subprocess.TimeoutExpired:
            p_.kill()
    for name in q.values():
        try:
            ch.queue_delete(name)
        except Exception:
            pass
    c.close()
    shutil.rmtree(work, ignore_errors=True)
    sys.exit(0 if ok == args.n else 1)


if __name__ == "__main__":
    main()
