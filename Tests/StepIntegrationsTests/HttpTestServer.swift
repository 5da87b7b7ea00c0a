import Foundation
import StepJSON

/// A local HTTP server for the HTTP Task's tests: a Python `http.server` on 127.0.0.1 at a free port,
/// ended when the value goes (or when the test process does).
///
/// - any path: answers 200 with the request as JSON (`method`, `path`, `query`, `args`, `headers` with
///   lower-case names, `body`, `form`);
/// - `/status/CODE`: answers CODE with `{"message": "status CODE"}`;
/// - `/text`: `text/plain`; `/image`: `image/png`; `/slow/SECONDS`: answers after a while;
/// - `/slow-body/SECONDS`: the head and a part of the body at once, the rest after a while;
/// - `/big/BYTES`, `/big-chunked/BYTES`: a `text/plain` body of that many bytes, with a `Content-Length`
///   or chunked;
/// - `/redirect/PATH`: 302 to `/PATH`;
/// - `/flaky/KEY/N`: 503 for the first N calls with that key, then 200 with `{"calls": n}`;
/// - `/token`: an OAuth token endpoint (`tok-1`, `tok-2`, … for Basic `client:secret`); `/token-log` lists
///   the token requests it had.
final class HttpTestServer: Sendable {
    let port: Int
    let pid: Int32

    var base: String { "http://127.0.0.1:\(port)" }

    /// The test server, or another program that prints its port on its first line (`python3 FILE 0`).
    init(arguments: [String] = ["python3", "-c", HttpTestServer.script]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let port = Int(text) else {
            process.terminate()
            throw ServerDidNotStart(output: text)
        }
        self.port = port
        self.pid = process.processIdentifier
    }

    deinit { kill(pid, SIGKILL) }

    struct ServerDidNotStart: Error {
        var output: String
    }

    static let script = #"""
        import http.server, json, os, sys, threading, time, base64
        from urllib.parse import urlparse, parse_qs

        parent = os.getppid()
        def watch():
            while os.getppid() == parent:
                time.sleep(0.5)
            os._exit(0)
        threading.Thread(target=watch, daemon=True).start()

        lock = threading.Lock()
        counters = {}
        token_log = []

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def answer(self, code, body, content_type="application/json"):
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(code)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.send_header("X-Test-Server", "stepline")
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            def handle_any(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode() if length else ""
                url = urlparse(self.path)
                parts = [p for p in url.path.split("/") if p]
                if parts[:1] == ["status"]:
                    return self.answer(int(parts[1]), {"message": "status " + parts[1]})
                if parts[:1] == ["text"]:
                    return self.answer(200, b"plain words", "text/plain; charset=utf-8")
                if parts[:1] == ["image"]:
                    return self.answer(200, b"\x89PNG\r\n", "image/png")
                if parts[:1] == ["slow"]:
                    time.sleep(float(parts[1]))
                    return self.answer(200, {"slept": True})
                if parts[:1] == ["slow-body"]:
                    try:
                        self.send_response(200)
                        self.send_header("Content-Type", "text/plain")
                        self.send_header("Content-Length", "10")
                        self.end_headers()
                        self.wfile.write(b"start")
                        self.wfile.flush()
                        time.sleep(float(parts[1]))
                        self.wfile.write(b" done")
                    except OSError:
                        pass
                    return
                if parts[:1] == ["big"]:
                    try:
                        return self.answer(200, b"x" * int(parts[1]), "text/plain")
                    except OSError:
                        return
                if parts[:1] == ["big-chunked"]:
                    try:
                        self.send_response(200)
                        self.send_header("Content-Type", "text/plain")
                        self.send_header("Transfer-Encoding", "chunked")
                        self.end_headers()
                        left = int(parts[1])
                        while left > 0:
                            n = min(left, 16384)
                            self.wfile.write(b"%x\r\n" % n + b"x" * n + b"\r\n")
                            left -= n
                        self.wfile.write(b"0\r\n\r\n")
                    except OSError:
                        pass
                    return
                if parts[:1] == ["redirect"]:
                    self.send_response(302)
                    self.send_header("Location", "/" + "/".join(parts[1:]))
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if parts[:1] == ["flaky"]:
                    with lock:
                        counters[parts[1]] = counters.get(parts[1], 0) + 1
                        n = counters[parts[1]]
                    if n <= int(parts[2]):
                        return self.answer(503, {"message": "try again", "calls": n})
                    return self.answer(200, {"calls": n})
                if parts[:1] == ["token"]:
                    auth = self.headers.get("Authorization", "")
                    with lock:
                        token_log.append({"authorization": auth, "body": raw, "query": url.query})
                        n = len(token_log)
                    if auth != "Basic " + base64.b64encode(b"client:secret").decode():
                        return self.answer(401, {"error": "invalid_client"})
                    return self.answer(200, {"access_token": "tok-%d" % n, "token_type": "Bearer", "expires_in": 3600})
                if parts[:1] == ["token-log"]:
                    with lock:
                        return self.answer(200, list(token_log))
                is_form = "form-urlencoded" in (self.headers.get("Content-Type") or "")
                form = parse_qs(raw, keep_blank_values=True) if is_form else None
                self.answer(200, {
                    "method": self.command, "path": url.path, "query": url.query,
                    "args": parse_qs(url.query, keep_blank_values=True),
                    "headers": {k.lower(): v for k, v in self.headers.items()},
                    "body": raw, "form": form,
                })

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_HEAD = handle_any

            def log_message(self, *args):
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """#
}
