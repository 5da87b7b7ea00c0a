import Foundation
import StepJSON
@testable import StepEngine
@testable import StepIntegrations

/// A temporary directory for handler files, removed when the fixture goes.
final class Fixture: Sendable {
    let directory: String

    init() {
        directory = NSTemporaryDirectory() + "stepline-lambda-tests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        let path = directory + "/" + name
        try? FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    /// A Python handler from `handlers.py` in the fixture.
    func python(entry: String = "handler", pool: Int = 2, timeout: Double = 30, module: String = "handlers")
        -> PythonHandler
    {
        let file = directory + "/handlers.py"
        if !FileManager.default.fileExists(atPath: file) { write("handlers.py", Self.handlers) }
        var config = FunctionConfig(
            kind: .python(file: file, module: module, entry: entry), handlerText: "handlers.\(entry)",
            directory: directory, poolSize: pool, timeoutSeconds: timeout)
        config.environment["STAGE"] = "test"
        let launch = PythonLaunch(
            interpreter: "python3", file: file, module: module, entry: entry, codeDirectory: directory,
            environment: config.lambdaEnvironment(FunctionReference(name: "fixture")))
        return PythonHandler(launch: launch, poolSize: pool, timeoutSeconds: timeout)
    }

    static let handlers = """
        import json, os, sys, time

        class CustomError(Exception):
            pass

        def handler(event, context):
            action = event.get("action") if isinstance(event, dict) else None
            if action == "raise":
                raise CustomError("went wrong")
            if action == "crash":
                os._exit(3)
            if action == "sleep":
                time.sleep(event["seconds"])
                return "slept"
            if action == "print":
                print("noise on stdout")
                sys.stdout.write('{"id": "fake", "ok": true, "payload": "1"}\\n')
                os.write(1, b"raw noise on fd 1\\n")
                return {"printed": True}
            if action == "context":
                return {"function_name": context.function_name, "request_id": context.aws_request_id,
                        "remaining": context.get_remaining_time_in_millis(),
                        "arn": context.invoked_function_arn, "memory": context.memory_limit_in_mb,
                        "stage": os.environ.get("STAGE"), "root": os.environ.get("LAMBDA_TASK_ROOT"),
                        "cwd": os.getcwd()}
            if action == "pid":
                return os.getpid()
            if action == "bytes":
                return b'"raw bytes"'
            return event

        def no_type(event, context):
            return None
        """
}

func invocation(_ event: JSON, timeout: Double = 30, log: Bool = false, id: String = UUID().uuidString.lowercased())
    -> LambdaInvocation
{
    LambdaInvocation(
        requestId: id, payload: event.serialized(),
        functionArn: "arn:aws:lambda:us-east-1:111111111111:function:fixture", timeoutSeconds: timeout,
        captureLog: log)
}

func parsed(_ text: String) -> JSON { (try? JSON(parsing: text)) ?? .string(text) }

func request(_ resource: String, _ input: JSON, timeout: Int? = nil) -> TaskRequest {
    TaskRequest(
        id: 1, resource: resource, input: input, stateName: "S", timeoutSeconds: timeout, heartbeatSeconds: nil,
        taskToken: nil, credentials: nil,
        executionArn: "arn:aws:states:us-east-1:111111111111:execution:m:e")
}

func seconds(since start: UInt64) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}
