import StepEngine
import StepJSON
import StepLanguage
import Testing

/// Runs the engine on mutated (but valid) definitions with random inputs and random event orders.
/// Whatever happens, the engine must not crash, must keep a well-formed history, and must end every
/// execution it is driven to the end of.
private struct Chaos {
    var rng: SplitMix64
    mutating func int(_ n: Int) -> Int { n <= 0 ? 0 : Int(rng.next() % UInt64(n)) }
    mutating func pick<T>(_ xs: [T]) -> T { xs[int(xs.count)] }

    static let values: [JSON] = [
        .null, true, 0, -1, 3, 2.5, "", "x", "2016-03-14T01:59:00Z", [], [1, 2, 3], ["a": 1], ["items": [1, 2]],
        ["n": 5, "s": "str", "items": [["v": 1], ["v": 2]], "t": "2024-01-01T00:00:05Z"],
    ]

    static let paths: [JSON] = ["$", "$.items", "$.n", "$.s", "$.missing", "$.items[0]", "$.t", "$$.Execution.Input", "$.items[*]"]
    static let numbers: [JSON] = [0, 1, 2, 3, 5, -1, 100, 1.5]
    static let optional: Set<String> = [
        "ResultPath", "Parameters", "Retry", "Catch", "ItemSelector", "MaxConcurrency", "ToleratedFailureCount",
        "ToleratedFailurePercentage", "OutputPath", "InputPath", "ResultSelector", "TimeoutSeconds", "HeartbeatSeconds",
        "Assign", "Default", "ItemsPath", "TimeoutSecondsPath",
    ]

    /// Changes one leaf (a path, a number, a Boolean) or drops one optional field, keeping the machine mostly valid.
    mutating func mutate(_ v: JSON, depth: Int = 0) -> JSON {
        switch v {
        case .object(var o):
            if int(8) == 0, let k = o.keys.filter(Self.optional.contains).randomElement(using: &rng) {
                o[k] = nil
                return .object(o)
            }
            guard let k = o.keys.randomElement(using: &rng), let child = o[k] else { return v }
            o[k] = mutate(child, depth: depth + 1)
            return .object(o)
        case .array(var a):
            guard !a.isEmpty else { return v }
            let i = int(a.count)
            a[i] = mutate(a[i], depth: depth + 1)
            return .array(a)
        case .string(let s) where s.hasPrefix("$"):
            return pick(Self.paths)
        case .int, .double:
            return pick(Self.numbers)
        case .bool(let b):
            return .bool(!b)
        default:
            return v
        }
    }
}

private let engineSeeds: [String] = [
    #"{"StartAt":"A","TimeoutSeconds":100,"States":{"A":{"Type":"Pass","Parameters":{"n.$":"$.n","items.$":"$.items"},"Assign":{"k.$":"$.n"},"Next":"C"},"C":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericGreaterThan":1,"Next":"M"},{"Variable":"$.n","IsPresent":false,"Next":"F"}],"Default":"W"},"W":{"Type":"Wait","SecondsPath":"$.n","Next":"M"},"M":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":2,"ToleratedFailureCount":1,"ItemSelector":{"v.$":"$$.Map.Item.Value","k.$":"$k"},"ItemProcessor":{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","TimeoutSeconds":5,"Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempts":2}],"End":true}}},"Next":"P"},"P":{"Type":"Parallel","Branches":[{"StartAt":"T2","States":{"T2":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken","HeartbeatSeconds":3,"End":true}}},{"StartAt":"S","States":{"S":{"Type":"Succeed"}}}],"Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.err","Next":"F"}],"End":true},"F":{"Type":"Fail","Error":"E"}}}"#,
    #"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:f","Parameters":{"x.$":"$"},"ResultSelector":{"r.$":"$"},"ResultPath":"$.out","OutputPath":"$","Retry":[{"ErrorEquals":["E"],"IntervalSeconds":1,"BackoffRate":1.5,"MaxDelaySeconds":2}],"Catch":[{"ErrorEquals":["States.TaskFailed"],"Next":"W"}],"Next":"W"},"W":{"Type":"Wait","TimestampPath":"$.t","Next":"M"},"M":{"Type":"Map","ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},"ToleratedFailurePercentage":50,"End":true}}}"#,
]

@Suite struct EngineFuzzTests {
    @Test func mutatedMachinesRunWithoutCrashing() async throws {
        var c = Chaos(rng: SplitMix64(seed: 0xE61))
        let seeds = try engineSeeds.map { try JSON(parsing: $0) }
        var ran = 0
        var finished = 0
        for i in 0..<1000 {
            if i % 25 == 0 { await Task.yield() }  // leave the test runner's threads to timer tests
            var d = seeds[i % seeds.count]
            for _ in 0..<(1 + c.int(3)) { d = c.mutate(d) }
            guard let machine = try? DefinitionParser.parse(d) else { continue }
            ran += 1
            let engine = Engine(machine: machine)
            let input = c.pick(Chaos.values)
            var (state, out) = engine.start(
                .local(stateMachineName: "m", executionName: "e\(i)", input: input, startTime: t0), seed: UInt64(i))
            var history = out.events
            var dues: [Int: Timestamp] = [:]
            var clock = 0
            for _ in 0..<80 where !state.isFinished {
                for case .startTimer(let id, let due) in out.commands { dues[id] = due }
                clock += 1
                let event: EngineEvent
                if let task = state.pendingTasks.randomElement(using: &c.rng), c.int(4) != 0 {
                    switch c.int(5) {
                    case 0: event = .taskFailed(task: task, error: c.pick(["E", "States.TaskFailed", "Other"]), cause: "c")
                    case 1: event = .taskHeartbeat(task: task)
                    default: event = .taskSucceeded(task: task, output: c.pick(Chaos.values))
                    }
                } else if let timer = state.pendingTimers.randomElement(using: &c.rng) {
                    event = .timerFired(timer: timer)
                    clock = max(clock, (dues[timer]?.seconds ?? t0.seconds) - t0.seconds)
                } else {
                    event = c.int(10) == 0 ? .stop(error: nil, cause: nil) : .taskSucceeded(task: 999_999, output: 1)
                }
                out = engine.handle(EngineInput(event, time: at(clock), seed: UInt64(clock)), state: &state)
                history += out.events
            }
            if !state.isFinished {
                out = engine.handle(EngineInput(.stop(error: "Fuzz", cause: nil), time: at(clock + 1), seed: 0), state: &state)
                history += out.events
            }
            finished += state.isFinished ? 1 : 0
            #expect(state.isFinished)
            #expect(state.pendingTasks.isEmpty && state.pendingTimers.isEmpty)
            for (n, e) in history.enumerated() {
                #expect(e.id == n + 1)
                #expect(e.previousEventId < e.id)
            }
            #expect(history.last?.type.endsExecution == true)
        }
        #expect(ran > 50)
        #expect(finished == ran)
    }
}
