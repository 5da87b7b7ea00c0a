#!/usr/bin/env python3
"""Benchmark (a) of the daemon: N StartExecution messages of W4 (a 5-state Standard workflow) through RabbitMQ;
executions completed per second, and p50/p99 latency from publish to the status-change event.

    python3 Benchmarks/start_rate.py --stepline .build/release/stepline [--n 10000] [--synchronous normal]
"""
import argparse, json, os, shutil, signal, subprocess, sys, tempfile, threading, time, uuid

import pika

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stepline", default=".build/release/stepline")
    ap.add_argument("--amqp-url", default="amqp://guest:guest@127.0.0.1:5672/")
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--workflow", default="../shared/bench/workflows/w4-five-pass")
    ap.add_argument("--synchronous", default="normal")
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="stepline-bench-")
    prefix = "b" + uuid.uuid4().hex[:8]
    q = {k: f"{prefix}.{k}" for k in ["start", "dead", "events", "jobs", "results", "callbacks"]}
    os.makedirs(os.path.join(work, "defs"))
    shutil.copy(args.workflow + ".asl.json", os.path.join(work, "defs", "w4.asl.json"))
    inp = json.load(open(args.workflow + ".input.json"))
    config = os.path.join(work, "config.json")
    json.dump({"queues": {"start": q["start"], "deadLetter": q["dead"], "events": q["events"], "jobs": q["jobs"],
                          "results": q["results"], "callbacks": q["callbacks"]}}, open(config, "w"))
    log = open(os.path.join(work, "serve.log"), "w")
    serve = subprocess.Popen([os.path.abspath(args.stepline), "serve", "--db", os.path.join(work, "b.db"),
                              "--amqp-url", args.amqp_url, "--config", config, "--definitions",
                              os.path.join(work, "defs"), "--synchronous", args.synchronous], stdout=log, stderr=log)
    time.sleep(2)
    # The listener: status-change events, matched to publish times by execution name.
    done = {}
    ready = threading.Event()
    def listen():
        c = pika.BlockingConnection(pika.URLParameters(args.amqp_url))
        ch = c.channel()
        ch.queue_declare(q["events"] + ".tap", exclusive=True)
        ch.queue_bind(q["events"] + ".tap", q["events"], "execution.*")
        ch.basic_qos(prefetch_count=1000)
        ready.set()
        for method, props, body in ch.consume(q["events"] + ".tap", auto_ack=True, inactivity_timeout=30):
            if method is None:
                break
            e = json.loads(body)
            done[e["detail"]["name"]] = (time.time(), e["detail"]["status"])
            if len(done) >= args.n:
                break
        c.close()
    t = threading.Thread(target=listen); t.start(); ready.wait()
    c = pika.BlockingConnection(pika.URLParameters(args.amqp_url))
    ch = c.channel()
    published = {}
    start = time.time()
    body_input = json.dumps(inp)
    for i in range(args.n):
        name = f"e{i}"
        published[name] = time.time()
        ch.basic_publish("", q["start"], json.dumps({"stateMachine": "w4", "name": name, "input": body_input}),
                         pika.BasicProperties(delivery_mode=2))
    publish_seconds = time.time() - start
    t.join(timeout=600)
    end = max((v[0] for v in done.values()), default=time.time())
    lat = sorted((done[k][0] - published[k]) * 1000 for k in done if k in published)
    ok = sum(1 for v in done.values() if v[1] == "SUCCEEDED")
    if lat:
        p = lambda x: lat[min(len(lat) - 1, int(len(lat) * x))]
        print(f"start rate: {args.n} messages, published in {publish_seconds:.2f} s, {ok} succeeded")
        print(f"executions completed/s: {ok / (end - start):.0f}")
        print(f"latency publish -> status event: p50 {p(0.5):.1f} ms, p99 {p(0.99):.1f} ms")
    serve.send_signal(signal.SIGTERM)
    try:
        serve.wait(timeout=30)
    except subprocess.TimeoutExpired:
        print("serve did not stop within 30 s of SIGTERM"); serve.kill()
    for name in q.values():
        try: ch.queue_delete(name)
        except Exception: pass
    c.close()
    print("work dir", work)
    if not lat:
        print("no executions completed"); return 1
    return 0 if ok == args.n else 1

if __name__ == "__main__":
    sys.exit(main())
