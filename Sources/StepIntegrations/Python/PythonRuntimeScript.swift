/// The bundled Lambda runtime for Python handlers, run as `python3 -c SOURCE HANDLER_FILE MODULE ENTRY CODE_DIR`.
///
/// One process is one warm worker: it imports the handler once, then answers invocations for as long
/// as it lives. The protocol is JSON Lines on the process's original stdin and stdout, which the
/// script moves to private descriptors before any user code runs; fd 0 then reads /dev/null and fd 1
/// writes to stderr, so `print` in a handler goes to the log and cannot corrupt the protocol.
///
/// After importing the handler the worker says `{"ready": true}`; then, per call:
/// Request:  `{"id": REQUEST_ID, "event": "<event JSON text>", "deadline": EPOCH_MS, "arn": ARN,
///             "clientContext": {…} | null, "logTail": bool}`
/// Answer:   `{"id": REQUEST_ID, "ok": bool, "payload": "<result JSON text or error document>",
///             "duration": MS, "log": "…"}` (`log` only when `logTail` was set)
///
/// Errors are reported as AWS's Python runtime reports them:
/// `{"errorMessage", "errorType", "requestId", "stackTrace": ["  File \"/var/task/…\", line N, in f\n    code\n"]}`,
/// with the handler's file shown under `/var/task` as the module name it was deployed as.
enum PythonRuntimeScript {
    static let source = #"""
        import decimal, importlib.util, json, os, sys, time, traceback

        TASK_ROOT = "/var/task"

        def _isolate_protocol():
            proto_in = os.fdopen(os.dup(0), "rb")
            proto_out = os.fdopen(os.dup(1), "wb")
            null = os.open(os.devnull, os.O_RDONLY)
            os.dup2(null, 0)
            os.close(null)
            os.dup2(2, 1)
            return proto_in, proto_out

        def _die_with_parent():
            parent = os.environ.get("STEPLINE_PARENT_PID")
            if sys.platform.startswith("linux"):
                try:
                    import ctypes
                    ctypes.CDLL(None).prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
                except Exception:
                    pass
            if parent and str(os.getppid()) != parent:
                os._exit(0)

        class _LogStream:
            """stdout/stderr for the handler: written through to stderr, and kept for LogType=Tail."""
            def __init__(self, target):
                self._target = target
                self.capture = None
            def write(self, s):
                if self.capture is not None:
                    self.capture.append(s)
                n = self._target.write(s)
                self._target.flush()
                return n
            def flush(self):
                self._target.flush()
            def isatty(self):
                return False
            def __getattr__(self, name):
                return getattr(self._target, name)

        class LambdaContext:
            def __init__(self, request_id, deadline_ms, arn, client_context):
                env = os.environ
                self.aws_request_id = request_id
                self.function_name = env.get("AWS_LAMBDA_FUNCTION_NAME", "")
                self.function_version = env.get("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
                self.invoked_function_arn = arn
                self.memory_limit_in_mb = env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
                self.log_group_name = env.get("AWS_LAMBDA_LOG_GROUP_NAME", "")
                self.log_stream_name = env.get("AWS_LAMBDA_LOG_STREAM_NAME", "")
                self.identity = None
                self.client_context = client_context
                self.tenant_id = None
                self._deadline_ms = deadline_ms
            def get_remaining_time_in_millis(self):
                return max(0, int(self._deadline_ms - time.time() * 1000))
            def log(self, msg):
                sys.stdout.write(str(msg))

        class _ClientContext:
            def __init__(self, d):
                self.client = d.get("client")
                self.custom = d.get("custom")
                self.env = d.get("env")

        def _decimal(o):
            if isinstance(o, decimal.Decimal):
                return int(o) if o == o.to_integral_value() else float(o)
            raise TypeError("Object of type %s is not JSON serializable" % type(o).__name__)

        class Runtime:
            def __init__(self, handler_file, module_name, entry, code_dir):
                self.handler_file = os.path.realpath(handler_file)
                self.module_name = module_name
                self.entry = entry
                self.code_dir = os.path.realpath(code_dir)
                self.handler = None
                self.init_error = None

            def display(self, filename):
                real = os.path.realpath(filename) if filename and not filename.startswith("<") else filename
                if real == self.handler_file:
                    return TASK_ROOT + "/" + self.module_name.replace(".", "/") + ".py"
                if real and real.startswith(self.code_dir + os.sep):
                    return TASK_ROOT + "/" + os.path.relpath(real, self.code_dir)
                return filename

            def stack(self, tb):
                frames = traceback.extract_tb(tb)
                while frames and frames[0].filename == "<string>":
                    frames = frames[1:]
                out = []
                for f in frames:
                    s = '  File "%s", line %s, in %s\n' % (self.display(f.filename), f.lineno, f.name)
                    if f.line:
                        s += "    %s\n" % f.line.strip()
                    out.append(s)
                return out

            def fault(self, error_type, message, request_id, tb=None):
                d = {"errorMessage": message, "errorType": error_type}
                if request_id is not None:
                    d["requestId"] = request_id
                d["stackTrace"] = self.stack(tb) if tb is not None else []
                return d

            def load(self):
                sys.path.insert(0, self.code_dir)
                try:
                    os.chdir(self.code_dir)
                except OSError:
                    pass
                try:
                    spec = importlib.util.spec_from_file_location(self.module_name, self.handler_file)
                    if spec is None or spec.loader is None:
                        raise ImportError("No module named '%s'" % self.module_name)
                    module = importlib.util.module_from_spec(spec)
                    sys.modules[self.module_name] = module
                    spec.loader.exec_module(module)
                except FileNotFoundError:
                    self.init_error = ("Runtime.ImportModuleError",
                                       "Unable to import module '%s': No module named '%s'" % (self.module_name, self.module_name), None)
                    return
                except SyntaxError as e:
                    self.init_error = ("Runtime.UserCodeSyntaxError",
                                       "Syntax error in module '%s': %s" % (self.module_name, e), None)
                    return
                except ImportError as e:
                    self.init_error = ("Runtime.ImportModuleError",
                                       "Unable to import module '%s': %s" % (self.module_name, e), None)
                    return
                except Exception as e:
                    self.init_error = (type(e).__name__, str(e), sys.exc_info()[2])
                    return
                handler = getattr(module, self.entry, None)
                if handler is None:
                    self.init_error = ("Runtime.HandlerNotFound",
                                       "Handler '%s' missing on module '%s'" % (self.entry, self.module_name), None)
                    return
                self.handler = handler

            def invoke(self, req):
                rid = req.get("id")
                if self.init_error is not None:
                    t, m, tb = self.init_error
                    return False, json.dumps(self.fault(t, m, rid, tb))
                cc = req.get("clientContext")
                ctx = LambdaContext(rid, req.get("deadline", time.time() * 1000 + 900000), req.get("arn", ""),
                                    _ClientContext(cc) if isinstance(cc, dict) else None)
                try:
                    event = json.loads(req.get("event") or "{}")
                    result = self.handler(event, ctx)
                except Exception as e:
                    tb = sys.exc_info()[2]
                    fault = self.fault(type(e).__name__, str(e), rid, tb)
                    sys.stderr.write("[ERROR] %s%s\nTraceback (most recent call last):\n%s" % (
                        type(e).__name__, (": %s" % e) if str(e) else "", "".join(fault["stackTrace"])))
                    return False, json.dumps(fault)
                if isinstance(result, (bytes, bytearray)):
                    return True, bytes(result).decode("utf-8", "replace")
                try:
                    return True, json.dumps(result, default=_decimal)
                except (TypeError, ValueError) as e:
                    return False, json.dumps(self.fault("Runtime.MarshalError", "Unable to marshal response: %s" % e, rid))

        def main():
            handler_file, module_name, entry, code_dir = sys.argv[1:5]
            proto_in, proto_out = _isolate_protocol()
            _die_with_parent()
            out = _LogStream(sys.stdout)
            err = _LogStream(sys.stderr)
            sys.stdout, sys.stderr = out, err
            import logging
            class _Handler(logging.Handler):
                def emit(self, record):
                    try:
                        sys.stdout.write("[%s]\t%s\t%s\t%s\n" % (
                            record.levelname, time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) +
                            ".%03dZ" % record.msecs, getattr(record, "aws_request_id", ""), record.getMessage()))
                    except Exception:
                        pass
            logging.getLogger().addHandler(_Handler())
            runtime = Runtime(handler_file, module_name, entry, code_dir)
            runtime.load()
            proto_out.write(b'{"ready": true}\n')
            proto_out.flush()
            for line in iter(proto_in.readline, b""):
                try:
                    req = json.loads(line)
                except ValueError:
                    continue
                tail = bool(req.get("logTail"))
                if tail:
                    out.capture = []
                    err.capture = out.capture
                start = time.time()
                ok, payload = runtime.invoke(req)
                answer = {"id": req.get("id"), "ok": ok, "payload": payload,
                          "duration": round((time.time() - start) * 1000, 2)}
                if tail:
                    answer["log"] = "".join(out.capture)
                    out.capture = err.capture = None
                proto_out.write(json.dumps(answer).encode("ascii") + b"\n")
                proto_out.flush()

        main()
        """#
}
