#!/usr/bin/env python3
"""`amqps://` to the broker, with the certificate checked: `stepline serve` reaches RabbitMQ through a TLS
terminator (Python's ssl module, in this test, in front of the broker's plain port on 127.0.0.1), with a
private CA made here by openssl:

- with `cacertfile=` naming the CA, serve connects and a start message published on the broker runs;
- without it (the system's CAs), with a certificate for another host name, or with an expired certificate,
  serve refuses the broker (certificate verification is on by default) and runs nothing;
- `verify=verify_none` turns the check off, as RabbitMQ's own URI syntax says.

    python3 Tests/daemon/amqps_test.py [--stepline .build/release/stepline] [--amqp-url amqp://guest:guest@127.0.0.1:5672/]

Prints `ok …`/`FAIL …`; the last line is 'N passed, M failed'; exits 1 if any check failed.
"""
import argparse, json, os, shutil, socket, ssl, subprocess, sys, tempfile, threading, time, uuid
from urllib.parse import quote, urlparse

import pika

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "Tests", "support"))
from stepline_checks import Checks, free_port, stop_process, wait_for  # noqa: E402


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def make_certificates(work):
    """A CA, and three server certificates it signs: for localhost, for another name, and an expired one."""
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
            "-subj", "/CN=Stepline test CA", cwd=work)
    made = {}
    for name, cn, days in [("good", "localhost", "2"), ("other", "other.example", "2")]:
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{name}.key", "-out", f"{name}.csr", "-subj", f"/CN={cn}",
                cwd=work)
        with open(os.path.join(work, f"{name}.ext"), "w") as f:
            f.write(f"subjectAltName=DNS:{cn}\n")
        openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out",
                f"{name}.pem", "-days", days, "-extfile", f"{name}.ext", cwd=work)
        made[name] = (os.path.join(work, f"{name}.pem"), os.path.join(work, f"{name}.key"))
    # Expired: valid for one day, ten days ago (`openssl ca`, which takes explicit dates on Debian 12's openssl 3.0).
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "expired.key", "-out", "expired.csr", "-subj", "/CN=localhost",
            cwd=work)
    with open(os.path.join(work, "expired.ext"), "w") as f:
        f.write("subjectAltName=DNS:localhost\n")
    with open(os.path.join(work, "ca.cnf"), "w") as f:
        f.write("[ca]\ndefault_ca = test\n[test]\ndir = .\ndatabase = index.txt\nnew_certs_dir = .\nserial = serial\n"
                "default_md = sha256\npolicy = any\n[any]\ncommonName = supplied\n")
    open(os.path.join(work, "index.txt"), "w").close()
    with open(os.path.join(work, "serial"), "w") as f:
        f.write("1000\n")
    past = time.strftime("%Y%m%d%H%M%SZ", time.gmtime(time.time() - 10 * 86400))
    gone = time.strftime("%Y%m%d%H%M%SZ", time.gmtime(time.time() - 9 * 86400))
    openssl("ca", "-batch", "-config", "ca.cnf", "-cert", "ca.pem", "-keyfile", "ca.key", "-in", "expired.csr", "-out",
            "expired.pem", "-startdate", past, "-enddate", gone, "-extfile", "expired.ext", "-notext", cwd=work)
    made["expired"] = (os.path.join(work, "expired.pem"), os.path.join(work, "expired.key"))
    return os.path.join(work, "ca.pem"), made


class TLSTerminator:
    """Accepts TLS on 127.0.0.1:port with `cert`, and forwards the plain bytes to the broker."""

    def __init__(self, cert, key, upstream):
        self.port = free_port()
        self.upstream = upstream
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(cert, key)
        self.listener = socket.create_server(("127.0.0.1", self.port))
        self.handshakes_failed = 0
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                raw, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self.serve, args=(raw,), daemon=True).start()

    def serve(self, raw):
        try:
            tls = self.context.wrap_socket(raw, server_side=True)
        except (ssl.SSLError, OSError):
            self.handshakes_failed += 1
            raw.close()
            return
        plain = socket.create_connection(self.upstream)

        def pump(src, dst):
            try:
                while True:
                    data = src.recv(65536)
                    if not data:
                        break
                    dst.sendall(data)
            except OSError:
                pass
            for s in (src, dst):
                try:
                    s.close()
                except OSError:
                    pass

        threading.Thread(target=pump, args=(tls, plain), daemon=True).start()
        threading.Thread(target=pump, args=(plain, tls), daemon=True).start()

    def close(self):
        self.listener.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stepline", default=os.path.join(ROOT, ".build/release/stepline"))
    ap.add_argument("--amqp-url", default="amqp://guest:guest@127.0.0.1:5672/")
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="stepline-amqps-")
    stepline = os.path.join(work, "stepline")
    shutil.copy(args.stepline, stepline)
    t = Checks()
    ca, certs = make_certificates(work)
    broker = urlparse(args.amqp_url)
    upstream = (broker.hostname or "127.0.0.1", broker.port or 5672)
    user = f"{broker.username or 'guest'}:{broker.password or 'guest'}"
    vhost = broker.path[1:] if broker.path and broker.path != "/" else "%2F"
    defs = os.path.join(work, "defs")
    os.makedirs(defs)
    with open(os.path.join(defs, "hello.asl.json"), "w") as f:
        json.dump({"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"tls": True}, "End": True}}}, f)
    conn = pika.BlockingConnection(pika.URLParameters(args.amqp_url))
    channel = conn.channel()

    def attempt(label, cert, query):
        """serve with `amqps://…?query` through a terminator presenting `cert`: (ran, log text)."""
        suffix = uuid.uuid4().hex[:8]
        queues = {k: f"stepline-amqps-{suffix}.{k}" for k in ("start", "dead", "events", "jobs", "results", "callbacks")}
        config = os.path.join(work, f"{label}.json")
        with open(config, "w") as f:
            json.dump({"queues": {"start": queues["start"], "deadLetter": queues["dead"], "events": queues["events"],
                                  "jobs": queues["jobs"], "results": queues["results"], "callbacks": queues["callbacks"]}}, f)
        terminator = TLSTerminator(*certs[cert], upstream)
        url = f"amqps://{user}@localhost:{terminator.port}/{vhost}" + (f"?{query}" if query else "")
        db = os.path.join(work, f"{label}.db")
        log_path = os.path.join(work, f"{label}.log")
        with open(log_path, "w") as log:
            serve = subprocess.Popen([stepline, "serve", "--db", db, "--amqp-url", url, "--config", config, "--definitions", defs],
                                     stdout=log, stderr=subprocess.STDOUT)
            try:
                # Published once serve has declared its start queue (with its dead-letter arguments); a serve that
                # refused the broker never does, and the message goes nowhere.
                def declared():
                    try:
                        probe = conn.channel()
                        probe.queue_declare(queues["start"], passive=True)
                        probe.close()
                        return True
                    except pika.exceptions.ChannelClosedByBroker:
                        return False

                wait_for(declared, 15 if cert == "good" or "verify_none" in query else 5)
                channel.basic_publish("", queues["start"], json.dumps({"stateMachine": "hello", "name": "e1", "input": {}}),
                                      pika.BasicProperties(delivery_mode=2))

                def succeeded():
                    r = subprocess.run([stepline, "describe", "--db", db, "e1"], capture_output=True, text=True)
                    return r.returncode == 0 and json.loads(r.stdout).get("status") == "SUCCEEDED"

                ran = bool(wait_for(succeeded, 20 if cert == "good" and "verify_none" not in query else 8))
            finally:
                stop_process(serve)
                terminator.close()
                for q in queues.values():
                    cleanup = conn.channel()
                    cleanup.queue_delete(q)
                    cleanup.close()
        return ran, open(log_path).read()

    ran, log = attempt("trusted", "good", f"cacertfile={quote(ca, safe='')}")
    t.check(ran, "amqps:// with cacertfile= naming the CA: serve connects and a start message on the broker runs", log[-1500:])
    ran, log = attempt("system-cas", "good", "")
    t.check(not ran and "verification failed" in log.lower(),
            "amqps:// without cacertfile (the system's CAs): the private CA's certificate is refused", log[-1500:])
    ran, log = attempt("wrong-name", "other", f"cacertfile={quote(ca, safe='')}")
    t.check(not ran, "amqps:// to a broker whose certificate names another host: refused", log[-1500:])
    ran, log = attempt("expired", "expired", f"cacertfile={quote(ca, safe='')}")
    t.check(not ran, "amqps:// to a broker with an expired certificate: refused", log[-1500:])
    ran, log = attempt("unverified", "other", "verify=verify_none")
    t.check(ran, "amqps://…?verify=verify_none connects without checking (RabbitMQ's URI option)", log[-1500:])
    conn.close()
    t.finish(work)


if __name__ == "__main__":
    main()
