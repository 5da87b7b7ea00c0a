import Foundation
import StepIntegrations
import StepJSON
import StepRuntime
import StepServe

/// `stepline bench --lambda`: Lambda-shaped handler calls per second through `lambda:invoke`, with the
/// warm pool against a cold Python process per call (and a command per call for comparison).
enum LambdaBench {
    struct Mode {
        var label: String
        var function: FunctionConfig
        var concurrency: Int
    }

    static let echoHandler = """
        def handler(event, context):
            return event
        """

    static func run(handler: String?, python: String, pool: Int, concurrencies: [Int], seconds: Double, runs: Int) async throws {
        let directory = NSTemporaryDirectory() + "stepline-lambda-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file: String
        if let handler {
            file = URL(fileURLWithPath: handler).standardized.path
        } else {
            file = directory + "/echo.py"
            try echoHandler.write(toFile: file, atomically: true, encoding: .utf8)
        }
        let code = (file as NSString).deletingLastPathComponent
        let python = FunctionConfig(
            kind: .python(file: file, module: "handler", entry: "handler"), handlerText: "handler.handler",
            directory: code, poolSize: pool, interpreter: python)
        var cold = python
        cold.poolSize = 0
        let command = FunctionConfig(kind: .command("cat"), handlerText: "cat", directory: directory)
        var modes: [Mode] = []
        for c in concurrencies { modes.append(Mode(label: "python, warm pool of \(pool)", function: python, concurrency: c)) }
        for c in concurrencies { modes.append(Mode(label: "python, cold process per call", function: cold, concurrency: c)) }
        for c in concurrencies { modes.append(Mode(label: "command (cat), process per call", function: command, concurrency: c)) }

        print("handler                             concurrency  calls/s (median [min-max])   p50 ms    p99 ms    calls")
        for mode in modes {
            let reference = FunctionReference(name: "bench")
            let runner = LambdaTaskRunner(functions: [mode.function.makeFunction(reference)])
            let payload: JSON = ["name": "cloudpicker", "n": 1]
            // Warm-up: fills the pool.
            _ = try await measure(runner, payload, concurrency: mode.concurrency, seconds: 0.2)
            var rates: [Double] = []
            var latencies: [Double] = []
            for _ in 0..<runs {
                let m = try await measure(runner, payload, concurrency: mode.concurrency, seconds: seconds)
                rates.append(Double(m.latencies.count) / m.elapsed)
                latencies += m.latencies
            }
            await runner.shutdown()
            rates.sort()
            latencies.sort()
            func pct(_ p: Double) -> String {
                guard !latencies.isEmpty else { return "-" }
                let i = min(latencies.count - 1, Int(Double(latencies.count) * p))
                return String(format: "%.2f", latencies[i] * 1000)
            }
            let line =
                mode.label.padding(toLength: 36, withPad: " ", startingAt: 0)
                + "\(mode.concurrency)".padding(toLength: 13, withPad: " ", startingAt: 0)
                + "\(Int(rates[rates.count / 2])) [\(Int(rates.first ?? 0))-\(Int(rates.last ?? 0))]"
                .padding(toLength: 29, withPad: " ", startingAt: 0)
                + pct(0.5).padding(toLength: 10, withPad: " ", startingAt: 0)
                + pct(0.99).padding(toLength: 10, withPad: " ", startingAt: 0)
                + "\(latencies.count)"
            print(line)
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        print("peak memory of stepline (max RSS): \(usage.ru_maxrss / 1024) MiB")
    }

    struct Measurement: Sendable {
        var latencies: [Double]
        var elapsed: Double
    }

    /// Calls the function from `concurrency` callers for `seconds`; every call must succeed.
    static func measure(_ runner: LambdaTaskRunner, _ payload: JSON, concurrency: Int, seconds: Double) async throws
        -> Measurement
    {
        let start = DispatchTime.now().uptimeNanoseconds
        let end = start + UInt64(seconds * 1e9)
        let results = await withTaskGroup(of: Result<[Double], CLIFailure>.self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var latencies: [Double] = []
                    while DispatchTime.now().uptimeNanoseconds < end {
                        let t0 = DispatchTime.now().uptimeNanoseconds
                        let outcome = await runner.invoke(
                            parameters: ["FunctionName": "bench", "Payload": payload],
                            executionArn: "arn:aws:states:us-east-1:111111111111:execution:bench:e")
                        guard case .success(let out) = outcome, out["Payload"] == payload else {
                            return .failure(CLIFailure("a benchmark call failed: \(outcome)"))
                        }
                        latencies.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
                    }
                    return .success(latencies)
                }
            }
            var all: [Result<[Double], CLIFailure>] = []
            for await r in group { all.append(r) }
            return all
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        var latencies: [Double] = []
        for r in results { latencies += try r.get() }
        return Measurement(latencies: latencies, elapsed: elapsed)
    }
}
