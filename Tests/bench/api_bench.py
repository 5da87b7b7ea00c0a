#!/usr/bin/env python3
"""How fast the API answers real SDK clients on kept-alive connections, against a floor measured in the
same sitting.

- boto3: 1,000 sequential signed ListStateMachines calls on one connection, against `stepline serve --api`
  and against a canned-response server (a few lines of Python that answers every request with the same
  bytes: the cost of boto3 itself and of the loopback on this machine). Rounds alternate between the two,
  so the machine's noise falls on both; the medians and their ratio are printed.
- The server's CPU time per signed request (from /proc, over raw http.client calls), the figure that does
  not depend on the client.

    python3 Tests/bench/api_bench.py [--stepline .build/release/stepline] [--rounds 5] [--calls 1000]

Run it on a release build. Prints `figure …` lines; exits 0.
"""
import argparse, http.client, os, shutil, socket, statistics, subprocess, sys, tempfile, threading, time

import boto3
import botocore.config
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "Tests", "support"))
from stepline_checks import free_port, stop_process  # noqa: E402

REGION = "us-east-1"
BODY = b'{"stateMachines":[]}'


def canned_server(port):
    """Answers each request read off a connection with one fixed response, written at once."""
    response = (b"HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\n"
                b"x-amzn-RequestId: 1f0e6c3a-1111-2222-3333-444455556666\r\nContent-Length: %d\r\n\r\n%s"
                % (len(BODY), BODY))
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(16)

    def serve(conn):
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        buf = b""
        while True:
            data = conn.recv(65536)
            if not data:
                break
            buf += data
            while True:
                end = buf.find(b"\r\n\r\n")
                if end < 0:
                    break
                length = 0
                for line in buf[:end].split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":")[1])
                if len(buf) < end + 4 + length:
                    break
                buf = buf[end + 4 + length:]
                conn.sendall(response)
        conn.close()

    def accept():
        while True:
            conn, _ = listener.accept()
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()


def boto3_round(endpoint, key, secret, calls):
    sfn = boto3.client("stepfunctions", endpoint_url=endpoint, region_name=REGION, aws_access_key_id=key,
                       aws_secret_access_key=secret, config=botocore.config.Config(retries={"max_attempts": 1}))
    sfn.list_state_machines()
    started = time.perf_counter()
    for _ in range(calls):
        sfn.list_state_machines()
    return time.perf_counter() - started


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_cpu_per_call(port, key, secret, pid, calls):
    request = AWSRequest(method="POST", url=f"http://127.0.0.1:{port}/", data=b"{}",
                         headers={"Content-Type": "application/x-amz-json-1.0",
                                  "X-Amz-Target": "AWSStepFunctions.ListStateMachines"})
    SigV4Auth(Credentials(key, secret), "states", REGION).add_auth(request)
    headers = dict(request.headers.items())
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("POST", "/", b"{}", headers)
    conn.getresponse().read()
    idle_start = cpu_seconds(pid)
    time.sleep(1)
    idle = cpu_seconds(pid) - idle_start
    before = cpu_seconds(pid)
    started = time.perf_counter()
    for _ in range(calls):
        conn.request("POST", "/", b"{}", headers)
        conn.getresponse().read()
    wall = time.perf_counter() - started
    used = cpu_seconds(pid) - before - idle * wall
    return used / calls, wall / calls


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--stepline", default=os.path.join(ROOT, ".build", "release", "stepline"))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--calls", type=int, default=1000)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="stepline-api-bench-")
    port = free_port()
    log = open(os.path.join(work, "serve.log"), "w")
    serve = subprocess.Popen([args.stepline, "serve", "--db", os.path.join(work, "db"), "--api", f"127.0.0.1:{port}"],
                             stdout=log, stderr=subprocess.STDOUT)
    try:
        credentials = os.path.join(work, "db.credentials")
        deadline = time.time() + 30
        while not os.path.exists(credentials) and time.time() < deadline:
            time.sleep(0.1)
        values = {}
        for line in open(credentials):
            if "=" in line:
                name, value = line.split("=", 1)
                values[name.strip()] = value.strip()
        key, secret = values["aws_access_key_id"], values["aws_secret_access_key"]
        floor_port = free_port()
        canned_server(floor_port)
        ours, floor = [], []
        for _ in range(args.rounds):
            ours.append(boto3_round(f"http://127.0.0.1:{port}", key, secret, args.calls))
            floor.append(boto3_round(f"http://127.0.0.1:{floor_port}", key, secret, args.calls))
        o, f = statistics.median(ours), statistics.median(floor)
        print(f"figure boto3 {args.calls} sequential ListStateMachines on one connection: stepline {o:.2f} s "
              f"(rounds {', '.join(f'{x:.2f}' for x in ours)})")
        print(f"figure the same against a canned-response server: {f:.2f} s (rounds {', '.join(f'{x:.2f}' for x in floor)})")
        print(f"figure ratio stepline/canned: {o / f:.2f}")
        cpu, wall = server_cpu_per_call(port, key, secret, serve.pid, 3000)
        print(f"figure server CPU per signed ListStateMachines: {cpu * 1e6:.0f} µs; round trip with http.client {wall * 1e6:.0f} µs")
    finally:
        stop_process(serve)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
