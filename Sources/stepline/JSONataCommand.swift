import ArgumentParser
import Foundation
#if canImport(Glibc)
    import Glibc
#endif
import StepJSON
import StepJSONata

/// `stepline jsonata`: evaluates a JSONata expression against JSON input, like `jq` for JSONata.
struct JSONataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jsonata",
        abstract: "Evaluate a JSONata expression against JSON input."
    )

    @OptionGroup var configOption: ConfigOption

    @Argument(help: "The JSONata expression.")
    var expression: String?

    @Option(help: "A JSON file to read the input from (standard input when absent).")
    var input: String?

    @Flag(help: "Read JSON Lines test cases on standard input and answer each on one line.")
    var batch = false

    @Option(help: "Benchmark the expressions in this file (name, expr, dataset or data).")
    var bench: String?

    @Option(help: "Seconds to evaluate each benchmark expression per run.")
    var seconds: Double = 1.5

    @Option(help: "Folder of the datasets named by benchmark entries.")
    var datasets: String?

    @Option(help: "Stop evaluation with U1001 after this many milliseconds.")
    var timeLimit: Int?

    @Option(help: "Stop evaluation with U1001 beyond this evaluation depth.")
    var maxDepth: Int?

    func run() throws {
        let work = self
        let failure = FailureBox()
        // Evaluate on a thread with a large stack so deep (but bounded) recursion has room;
        // the evaluator's own guard stops runaway recursion well before the end of it.
        runWithLargeStack {
            do {
                if work.batch {
                    try JSONataBatch.run()
                } else if let bench = work.bench {
                    try JSONataBench(file: bench, seconds: work.seconds, datasets: work.datasets).run()
                } else {
                    try work.evaluateOnce()
                }
            } catch {
                failure.error = error
            }
        }
        if let error = failure.error { throw error }
    }

    func evaluateOnce() throws {
        guard let expression else { throw ValidationError("an expression is required") }
        let text: String
        if let input {
            text = try String(contentsOfFile: input, encoding: .utf8)
        } else {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        do {
            let inputJSON: JSON? = trimmed.isEmpty ? nil : try JSON(parsing: trimmed)
            let expr = try JSONataExpression(expression)
            let env = JSONataEnvironment(timeLimitMilliseconds: timeLimit, maxDepth: maxDepth)
            if let result = try expr.evaluate(input: inputJSON, environment: env) {
                print(result.prettySerialized())
            }
        } catch let e as JSONataError {
            FileHandle.standardError.write(Data("\(e.code): \(e.message)\n".utf8))
            throw ExitCode(1)
        } catch let e as JSONParseError {
            FileHandle.standardError.write(Data("input: \(e)\n".utf8))
            throw ExitCode(1)
        }
    }
}

/// Carries an error from the worker thread back to the waiting one.
///
/// `@unchecked Sendable`: the worker writes `error` before signalling the semaphore and the caller
/// reads it only after waiting on it, so the semaphore orders the two accesses.
final class FailureBox: @unchecked Sendable {
    var error: (any Error)?
}

/// Runs `body` on a thread with a 1 GiB stack and waits for it.
func runWithLargeStack(_ body: @escaping @Sendable () -> Void) {
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        body()
        done.signal()
    }
    thread.stackSize = 1 << 30
    thread.start()
    done.wait()
}

/// The JSON Lines contract of the reference suite runner: one case per line in, one answer per line out.
enum JSONataBatch {
    static func run() throws {
        installCrashAnswer()
        while let line = readLine(strippingNewline: true) {
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let answer = answer(line)
            FileHandle.standardOutput.write(Data((answer + "\n").utf8))
        }
    }

    static func answer(_ line: String) -> String {
        let request: JSON
        do {
            request = try JSON(parsing: line)
        } catch {
            return errorLine("X0001", "bad request: \(error)")
        }
        guard case .string(let exprText) = request["expr"] ?? .null else {
            return errorLine("X0001", "request has no expr")
        }
        var env = JSONataEnvironment()
        if case .object(let b) = request["bindings"] ?? .null {
            for (k, v) in b { env.bindings[k] = v }
        }
        env.timeLimitMilliseconds = request["timelimit"]?.intValue ?? 10_000
        env.maxDepth = request["depth"]?.intValue
        do {
            let expr = try JSONataExpression(exprText)
            let result = try expr.evaluate(input: request["data"], environment: env)
            guard let result else { return "{\"undefined\":true}" }
            return "{\"result\":" + result.serialized() + "}"
        } catch {
            return errorLine(error.code, error.message)
        }
    }

    static func errorLine(_ code: String, _ message: String) -> String {
        let e: JSON = ["error": ["code": .string(code), "message": .string(message)]]
        return e.serialized()
    }
}

/// `--bench`: compile once, warm up, evaluate repeatedly; prints evaluations per second (median of 3).
struct JSONataBench {
    var file: String
    var seconds: Double
    var datasets: String?

    func datasetDirectory() -> String {
        if let datasets { return datasets }
        for candidate in ["../shared/jsonata-suite/datasets", "/work/shared/jsonata-suite/datasets"]
        where FileManager.default.fileExists(atPath: candidate) {
            return candidate
        }
        return "."
    }

    func run() throws {
        let text = try String(contentsOfFile: file, encoding: .utf8)
        guard case .array(let entries) = try JSON(parsing: text) else {
            throw ValidationError("the benchmark file must hold an array")
        }
        for entry in entries {
            let name = entry["name"]?.stringValue ?? "?"
            guard let exprText = entry["expr"]?.stringValue else { continue }
            var input: JSON? = entry["data"]
            if case .string(let ds) = entry["dataset"] ?? .null {
                let path = datasetDirectory() + "/" + ds + ".json"
                input = try JSON(parsing: try String(contentsOfFile: path, encoding: .utf8))
            }
            if input == .null && entry["dataset"] != nil { input = nil }
            let expr = try JSONataExpression(exprText)
            for _ in 0..<2000 { _ = try expr.evaluate(input: input) }
            var rates: [Double] = []
            for _ in 0..<3 {
                let start = DispatchTime.now().uptimeNanoseconds
                let limit = UInt64(seconds * 1e9)
                var count = 0
                var now = start
                while now - start < limit {
                    for _ in 0..<16 { _ = try expr.evaluate(input: input) }
                    count += 16
                    now = DispatchTime.now().uptimeNanoseconds
                }
                rates.append(Double(count) / (Double(now - start) / 1e9))
            }
            rates.sort()
            print("\(name) \(Int(rates[1].rounded()))")
        }
    }
}

/// The answer written when a case brings the process down (a trap the evaluator could not turn
/// into an error): the runner then re-runs the chunk case by case and this case gets an error line.
private let crashLine: [UInt8] = Array("{\"error\":{\"code\":\"X1000\",\"message\":\"internal error\"}}\n".utf8)

// Initialised once before the handler is installed and only read afterwards (by the handler).
nonisolated(unsafe) private let crashBuffer: UnsafeMutableBufferPointer<UInt8> = {
    let b = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: crashLine.count)
    _ = b.initialize(from: crashLine)
    return b
}()

/// Answers the current case with an error line and exits if the process receives a fatal signal.
func installCrashAnswer() {
    #if canImport(Glibc)
        _ = crashBuffer
        // an alternate signal stack, so that a stack overflow can still be answered
        let size = 256 * 1024
        if let mem = malloc(size) {
            var ss = stack_t()
            ss.ss_sp = mem
            ss.ss_size = size
            ss.ss_flags = 0
            sigaltstack(&ss, nil)
        }
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            _ = write(1, crashBuffer.baseAddress, crashBuffer.count)
            _exit(70)
        }
        action.sa_flags = Int32(SA_ONSTACK)
        sigemptyset(&action.sa_mask)
        for sig in [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT] {
            sigaction(sig, &action, nil)
        }
    #endif
}
