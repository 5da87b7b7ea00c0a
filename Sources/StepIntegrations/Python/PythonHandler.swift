import Foundation
import StepJSON

/// A Python function with the Lambda signature `handler(event, context)`, run by the bundled runtime in
/// a pool of warm worker processes (or, with a pool size of 0, a fresh process per call).
public final class PythonHandler: LambdaHandler {
    let launch: PythonLaunch
    /// nil: a cold process per call.
    let pool: PythonWorkerPool?
    /// Seconds a call may run, whatever the caller allows (the function's own timeout).
    let functionTimeout: Double

    init(launch: PythonLaunch, poolSize: Int, timeoutSeconds: Double) {
        self.launch = launch
        self.pool = poolSize > 0 ? PythonWorkerPool(launch: launch, size: poolSize) : nil
        self.functionTimeout = timeoutSeconds
    }

    public func invoke(_ invocation: LambdaInvocation) async -> LambdaResult {
        let worker: PythonWorker
        if let pool {
            do throws(PythonWorkerPool.AcquireError) {
                worker = try await pool.acquire()
            } catch {
                switch error {
                case .cannotStart(let e): return LambdaRuntimeErrors.cannotStart(invocation.requestId, e.description)
                case .cancelled, .closed:
                    return LambdaRuntimeErrors.document(
                        "Runtime.Unavailable", "RequestId: \(invocation.requestId) Error: the call was cancelled")
                }
            }
        } else {
            do throws(SpawnError) {
                worker = try await PythonWorker.spawn(launch)
            } catch {
                return LambdaRuntimeErrors.cannotStart(invocation.requestId, error.description)
            }
        }
        let result: LambdaResult
        if await worker.waitUntilReady(timeout: max(Self.initTimeout, functionTimeout)) {
            result = await call(worker, invocation)
        } else {
            result = await initFailure(worker, invocation)
        }
        if let pool {
            await pool.release(worker)
        } else {
            worker.retire()
        }
        return result
    }

    /// Seconds a worker may take to import the handler (Lambda's init phase allows 10).
    static let initTimeout = 10.0

    public func shutdown() async {
        await pool?.shutdown()
    }

    /// Workers alive now (for tests).
    var liveWorkers: Int {
        get async { await pool?.liveCount ?? 0 }
    }

    /// The worker ended, or took too long, before it was ready.
    private func initFailure(_ worker: PythonWorker, _ invocation: LambdaInvocation) async -> LambdaResult {
        worker.terminate()
        var result: LambdaResult
        switch await worker.ended() {
        case .exited(let exit, let reason) where reason != .timedOut:
            result = LambdaRuntimeErrors.exited(invocation.requestId, exit)
        default:
            result = LambdaRuntimeErrors.timedOut(invocation.requestId, seconds: max(Self.initTimeout, functionTimeout))
        }
        result.processId = worker.pid
        return result
    }

    private func call(_ worker: PythonWorker, _ invocation: LambdaInvocation) async -> LambdaResult {
        let timeout = min(functionTimeout, invocation.timeoutSeconds)
        let deadline = (Date().timeIntervalSince1970 + timeout) * 1000
        var request = JSONObject(minimumCapacity: 6)
        request["id"] = .string(invocation.requestId)
        request["event"] = .string(invocation.payload)
        request["deadline"] = .int(Int(deadline))
        request["arn"] = .string(invocation.functionArn)
        if let cc = invocation.clientContext, let value = try? JSON(parsing: cc) { request["clientContext"] = value }
        if invocation.captureLog { request["logTail"] = true }
        let started = DispatchTime.now().uptimeNanoseconds
        let reply = await worker.call(Array(JSON.object(request).serialized().utf8), timeout: timeout)
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
        switch reply {
        case .answer(let line):
            guard case .object(let answer)? = try? JSON(parsing: line), let payload = answer["payload"]?.stringValue
            else {
                worker.terminate()
                return LambdaRuntimeErrors.invalidAnswer(invocation.requestId)
            }
            let ok = answer["ok"]?.boolValue ?? false
            return LambdaResult(
                payload: payload, functionError: ok ? nil : "Unhandled", log: answer["log"]?.stringValue,
                durationMilliseconds: answer["duration"]?.doubleValue ?? elapsed, processId: worker.pid)
        case .exited(let exit, let reason):
            var result: LambdaResult
            if reason == .timedOut {
                result = LambdaRuntimeErrors.timedOut(invocation.requestId, seconds: timeout)
            } else {
                result = LambdaRuntimeErrors.exited(invocation.requestId, exit)
            }
            result.durationMilliseconds = elapsed
            result.processId = worker.pid
            return result
        }
    }
}
