import ArgumentParser
import Foundation
import StepEngine
import StepJSON
import StepLanguage
import StepRuntime
import StepServe

/// `stepline bench`: runs the reference workloads in process and prints transitions per second.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run the reference workloads (W1–W3) in process; print state transitions per second and peak memory."
    )

    @OptionGroup var configOption: ConfigOption

    @Option(help: "The folder holding NAME.asl.json and NAME.input.json workloads.")
    var workflows = "../shared/bench/workflows"

    @Option(help: "Which workloads to run (comma-separated name prefixes).")
    var only = "w1,w2,w3"

    @Option(help: "Measured runs per workload; the median is reported.")
    var runs = 5

    @Option(help: "Seconds per measured run.")
    var seconds = 1.0

    @Flag(help: "Measure durable Standard executions through SQLite (full history) instead of the in-process runner.")
    var durable = false

    @Option(help: "With --durable: executions started at once per run.")
    var executions = 400

    @Option(help: "With --durable: SQLite synchronous settings to measure (comma-separated: normal,full).")
    var synchronous = "normal,full"

    @Option(help: "With --durable: where the benchmark databases go.")
    var directory = NSTemporaryDirectory()

    @Flag(help: "Measure Lambda-shaped handler calls per second: a warm Python pool against a process per call.")
    var lambda = false

    @Option(help: "With --lambda: a Python file with handler(event, context) that returns its event (default: a built-in echo).")
    var lambdaHandler: String?

    @Option(help: "With --lambda: warm workers in the pool.")
    var lambdaPool = 2

    @Option(help: "With --lambda: the Python interpreter.")
    var lambdaPython = "python3"

    @Option(help: "With --lambda: concurrent callers to measure (comma-separated).")
    var lambdaConcurrency = "1,2"

    func run() async throws {
        if lambda {
            let levels = lambdaConcurrency.split(separator: ",").compactMap { Int($0) }.filter { $0 > 0 }
            guard !levels.isEmpty, lambdaPool > 0 else { throw CLIFailure("--lambda-concurrency and --lambda-pool must be positive") }
            try await LambdaBench.run(
                handler: lambdaHandler, python: lambdaPython, pool: lambdaPool, concurrencies: levels, seconds: seconds, runs: runs)
            return
        }
        let prefixes = only.split(separator: ",").map(String.init)
        let files = (try? FileManager.default.contentsOfDirectory(atPath: workflows)) ?? []
        let names = files.filter { $0.hasSuffix(".asl.json") }.map { String($0.dropLast(9)) }.sorted()
            .filter { n in prefixes.contains { n.hasPrefix($0) } }
        guard !names.isEmpty else { throw CLIFailure("no workloads matching '\(only)' in \(workflows)") }
        if durable {
            try await runDurable(names)
            return
        }
        print("workload                 transitions/s (median [min-max])   wall/execution   executions")
        for name in names {
            let machine = try DefinitionParser.parse(try readFile("\(workflows)/\(name).asl.json", what: "workload"))
            let input = try JSON(parsing: try readFile("\(workflows)/\(name).input.json", what: "input"))
            let runner = EmbeddedRunner(machine: machine)
            var rates: [Double] = []
            var walls: [Double] = []
            var executions = 0
            // Warm-up.
            _ = await runner.run(Self.info(name, input, 0))
            for _ in 0..<runs {
                var transitions = 0
                var count = 0
                let start = DispatchTime.now().uptimeNanoseconds
                var elapsed = 0.0
                repeat {
                    let result = await runner.run(Self.info(name, input, count))
                    guard result.status == .succeeded else {
                        throw CLIFailure("\(name) did not succeed: \(result.error ?? "") \(result.cause ?? "")")
                    }
                    transitions += result.events.reduce(0) { $0 + ($1.type.isStateEntered ? 1 : 0) }
                    count += 1
                    elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                } while elapsed < seconds
                rates.append(Double(transitions) / elapsed)
                walls.append(elapsed / Double(count))
                executions += count
            }
            rates.sort()
            walls.sort()
            let median = rates[rates.count / 2]
            let line =
                name.padding(toLength: 24, withPad: " ", startingAt: 0)
                + " \(Int(median)) [\(Int(rates.first ?? 0))-\(Int(rates.last ?? 0))]".padding(toLength: 36, withPad: " ", startingAt: 0)
                + " " + String(format: "%.3f ms", walls[walls.count / 2] * 1000).padding(toLength: 16, withPad: " ", startingAt: 0)
                + " \(executions)"
            print(line)
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        print("peak memory (max RSS): \(usage.ru_maxrss / 1024) MiB")
    }

    func runDurable(_ names: [String]) async throws {
        print("workload                 synchronous  committed transitions/s (median [min-max])   commits/run")
        for name in names {
            let text = try readFile("\(workflows)/\(name).asl.json", what: "workload")
            let input = try JSON(parsing: try readFile("\(workflows)/\(name).input.json", what: "input"))
            for sync in synchronous.split(separator: ",").map(String.init) {
                var figures: [DurableBench.Figure] = []
                for _ in 0..<runs {
                    figures.append(
                        try await DurableBench.run(
                            name: name, definition: text, input: input, executions: executions, synchronous: sync,
                            directory: directory))
                }
                let rates = figures.map(\.rate).sorted()
                let line =
                    name.padding(toLength: 24, withPad: " ", startingAt: 0) + " "
                    + sync.padding(toLength: 12, withPad: " ", startingAt: 0)
                    + " \(Int(rates[rates.count / 2])) [\(Int(rates.first ?? 0))-\(Int(rates.last ?? 0))]"
                    .padding(toLength: 44, withPad: " ", startingAt: 0)
                    + " \(figures[figures.count / 2].batches) for \(figures[figures.count / 2].transitions) transitions"
                print(line)
            }
        }
    }

    static func info(_ name: String, _ input: JSON, _ n: Int) -> ExecutionInfo {
        ExecutionInfo.local(stateMachineName: name, executionName: "bench-\(n)", input: input, startTime: WallClock.now())
    }
}
