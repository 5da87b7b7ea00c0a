"""A tiny orders API for the example: python3 api.py [PORT] (default 8787; 0 picks a free port).

POST /orders with x-api-key: local-key and {"customer", "items"}: 201 with the order; the first call of
each request id is answered 503 (busy), and the customer "ghost" is 404.
"""
import http.server, itertools, json, sys, threading

seen = set()
ids = itertools.count(1)
lock = threading.Lock()


class Api(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def reply(self, code, doc):
        data = json.dumps(doc).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
        if self.path != "/orders":
            return self.reply(404, {"message": "no such resource"})
        if self.headers.get("x-api-key") != "local-key":
            return self.reply(401, {"message": "missing or wrong x-api-key"})
        with lock:
            first = self.headers.get("X-Request-Id") not in seen
            seen.add(self.headers.get("X-Request-Id"))
        if first:
            return self.reply(503, {"message": "busy, try again"})
        if body.get("customer") == "ghost":
            return self.reply(404, {"message": "unknown customer"})
        with lock:
            order = next(ids)
        self.reply(201, {"id": order, "customer": body.get("customer"), "items": body.get("items"),
                         "client": self.headers.get("X-Client")})

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 8787), Api)
print(server.server_address[1], flush=True)
server.serve_forever()
