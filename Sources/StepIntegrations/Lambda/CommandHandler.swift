import Foundation
import StepJSON
import Synchronization

/// A function that is a shell command: the event as JSON on stdin, the result as JSON on stdout, one
/// process per call. A non-zero exit, or an answer `{"errorType": …, "errorMessage": …}`, is the
/// function's error; stderr is the function's log and goes to this process's stderr.
public struct CommandHandler: LambdaHandler {
    public let command: String
    public let directory: String?
    public let environment: [String: String]
    public let timeoutSeconds: Double

    public init(command: String, directory: String?, environment: [String: String], timeoutSeconds: Double) {
        self.command = command
        self.directory = directory
        self.environment = environment
        self.timeoutSeconds = timeoutSeconds
    }

    public func invoke(_ invocation: LambdaInvocation) async -> LambdaResult {
        var script = command
        if let directory { script = "cd \(Self.shellQuoted(directory)) && " + command }
        var env = environment
        env["AWS_LAMBDA_REQUEST_ID"] = invocation.requestId
        env["AWS_LAMBDA_INVOKED_FUNCTION_ARN"] = invocation.functionArn
        let timeout = min(timeoutSeconds, invocation.timeoutSeconds)
        let argv = ["/bin/sh", "-c", script]
        let environment = env
        let started = DispatchTime.now().uptimeNanoseconds
        let process: ChildProcess
        do throws(SpawnError) {
            process = try await BlockingIO.run { () throws(SpawnError) -> ChildProcess in
                try ChildProcess.spawn(argv, environment: environment)
            }
        } catch {
            return LambdaRuntimeErrors.cannotStart(invocation.requestId, error.description)
        }
        let input = Array(invocation.payload.utf8)
        BlockingIO.start {
            FileDescriptorIO.writeAll(process.input, input)
            close(process.input)
        }
        // Why the process was stopped, and whether it is being reaped (after which its pid is not signalled).
        let control = Mutex<(stop: StopReason?, reaping: Bool)>((nil, false))
        let killIf: @Sendable (StopReason) -> Void = { reason in
            control.withLock { c in
                guard !c.reaping else { return }
                if c.stop == nil { c.stop = reason }
                process.kill()
            }
        }
        let timer = CallTimer { killIf(.timedOut) }
        timer.arm(timeout)
        defer { timer.cancel() }
        let (output, exit) = await withTaskCancellationHandler {
            await BlockingIO.run { () -> ([UInt8], ProcessExit) in
                let out = FileDescriptorIO.readAll(process.output)
                close(process.output)
                process.awaitExit()
                control.withLock { $0.reaping = true }
                return (out, process.wait())
            }
        } onCancel: {
            killIf(.cancelled)
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
        var result = Self.result(
            output: output, exit: exit, stopped: control.withLock { $0.stop }, requestId: invocation.requestId, timeout: timeout)
        result.durationMilliseconds = elapsed
        result.processId = process.pid
        return result
    }

    public func shutdown() async {}

    static func result(output: [UInt8], exit: ProcessExit, stopped: StopReason?, requestId: String, timeout: Double)
        -> LambdaResult
    {
        if stopped == .timedOut { return LambdaRuntimeErrors.timedOut(requestId, seconds: timeout) }
        let text = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let parsed = text.isEmpty ? nil : try? JSON(parsing: text)
        if case .object(let o)? = parsed, o["errorType"]?.stringValue != nil, o["errorMessage"] != nil {
            return LambdaResult(payload: text, functionError: "Unhandled")
        }
        if exit != .exited(0) { return LambdaRuntimeErrors.exited(requestId, exit) }
        if text.isEmpty { return LambdaResult(payload: "null") }
        return LambdaResult(payload: text)
    }

    static func shellQuoted(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
