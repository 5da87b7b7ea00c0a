#!/usr/bin/env python3
"""Benchmark (b) of the daemon: a Distributed Map over N JSON Lines items (W5's Express children, a Pass and a
Choice each) read with an ItemReader, run by `stepline serve` and W worker processes over RabbitMQ.
Reports items per second from the StartExecution message to the status-change event.

    python3 Benchmarks/distributed_map.py --stepline .build/release/stepline [--n 100000] [--workers 2] [--reps 3]
"""
import argparse, json, os, shutil, signal, statistics, subprocess, sys, tempfile, time, uuid

import pika

W5 = "../shared/bench/workflows/w5-distmap-express.asl.json"


def definition(path):
    """W5 with its items read from a JSON Lines object and its results exported, as 100,000 results exceed the
    256 KiB a state may return."""
    d = json.load(open(path))
    fan = d["States"]["Fan"]
    fan.pop("ItemsPath", None)
    fan.pop("ResultSelector", None)
    fan["ItemReader"] = {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSONL"},
                         "Parameters": {"Bucket": "data", "Key.$": "$.key"}}
    fan["ResultWriter"] = {"Resource": "arn:aws:states:::s3:putObject",
                           "Parameters": {"Bucket": "data", "Prefix": "results"},
                           "WriterConfig": {"Transformation": "COMPACT", "OutputType": "JSONL"}}
    return d


def run_once(args, work, q, n):
    name = "run-" + uuid.uuid4().hex[:8]
    c = pika.BlockingConnection(pika.URLParameters(args.amqp_url))
    ch = c.channel()
    tap = q["events"] + ".tap." + name
    ch.queue_declare(tap, exclusive=True)
    ch.queue_bind(tap, q["events"], "execution.*")
    start = time.time()
    ch.basic_publish("", q["start"], json.dumps({"stateMachine": "w5", "name": name, "input": {"key": "items.jsonl"}}),
                     pika.BasicProperties(delivery_mode=2))
    status = None
    for method, props, body in ch.consume(tap, auto_ack=True, inactivity_timeout=600):
        if method is None:
            break
        e = json.loads(body)
        if e["detail"]["name"] == name:
            status = e["detail"]["status"]
            break
    seconds = time.time() - start
    c.close()
    return status, seconds


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stepline", default=".build/release/stepline")
    ap.add_argument("--amqp-url", default="amqp://guest:guest@127.0.0.1:5672/")
    ap.add_argument("--n", type=int, default=100000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--concurrency", type=int, default=4, help="jobs each worker runs at once")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--workflow", default=W5)
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="stepline-dmap-")
    prefix = "d" + uuid.uuid4().hex[:8]
    q = {k: f"{prefix}.{k}" for k in ["start", "dead", "events", "jobs", "results", "callbacks"]}
    data = os.path.join(work, "data")
    os.makedirs(os.path.join(work, "defs"))
    os.makedirs(data)
    with open(os.path.join(data, "items.jsonl"), "w") as f:
        for i in range(args.n):
            f.write(json.dumps({"id": i}) + "\n")
    json.dump(definition(args.workflow), open(os.path.join(work, "defs", "w5.asl.json"), "w"))
    config = os.path.join(work, "config.json")
    json.dump({"queues": {"start": q["start"], "deadLetter": q["dead"], "events": q["events"], "jobs": q["jobs"],
                          "results": q["results"], "callbacks": q["callbacks"]},
               "buckets": {"data": data}}, open(config, "w"))
    stepline = os.path.abspath(args.stepline)
    log = open(os.path.join(work, "serve.log"), "w")
    serve = subprocess.Popen([stepline, "serve", "--db", os.path.join(work, "b.db"), "--amqp-url", args.amqp_url,
                              "--config", config, "--definitions", os.path.join(work, "defs")], stdout=log, stderr=log)
    workers = [subprocess.Popen([stepline, "worker", "--amqp-url", args.amqp_url, "--config", config,
                                 "--concurrency", str(args.concurrency)], stdout=log, stderr=log)
               for _ in range(args.workers)]
    time.sleep(2)
    rates = []
    try:
        run_once(args, work, q, args.n)  # warm-up
        for _ in range(args.reps):
            status, seconds = run_once(args, work, q, args.n)
            if status != "SUCCEEDED":
                print(f"execution ended {status}; see {work}/serve.log", file=sys.stderr)
                sys.exit(1)
            rates.append(args.n / seconds)
            print(f"  {args.n} items in {seconds:.2f} s: {args.n / seconds:,.0f} items/s", flush=True)
    finally:
        for p in workers + [serve]:
            p.send_signal(signal.SIGTERM)
        for p in workers + [serve]:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
        c = pika.BlockingConnection(pika.URLParameters(args.amqp_url))
        ch = c.channel()
        for name in q.values():
            try:
                ch.queue_delete(name)
            except Exception:
                pass
        c.close()
    print(f"distributed map: {args.n} JSONL items, {args.workers} workers: median {statistics.median(rates):,.0f} items/s "
          f"[{min(rates):,.0f}-{max(rates):,.0f}] over {len(rates)} runs")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
