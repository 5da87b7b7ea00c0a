import Foundation
import StepEngine
import StepJSON
import StepLanguage
import Testing

/// 2024-01-01T00:00:00Z, the start of every test execution.
let t0 = Timestamp(seconds: 1_704_067_200)

func at(_ seconds: Int, ms: Int = 0) -> Timestamp { Timestamp(epochMilliseconds: (t0.seconds + seconds) * 1000 + ms) }

/// Drives an `Engine` event by event, keeping the whole history and every command, with no runner.
struct Harness {
    let engine: Engine
    var state: ExecutionState
    var history: [HistoryEvent]
    var commands: [EngineCommand]
    /// The output of the last event handled.
    var last: EngineOutput
    var seed: UInt64

    init(
        _ definition: String, input: JSON = [:], seed: UInt64 = 7, startTime: Timestamp = t0, name: String = "exec",
        engine make: (StateMachine) -> Engine = { Engine(machine: $0) }
    ) throws {
        let machine = try DefinitionParser.parse(definition)
        engine = make(machine)
        let info = ExecutionInfo.local(stateMachineName: "machine", executionName: name, input: input, startTime: startTime)
        let (s, out) = engine.start(info, seed: seed)
        state = s
        history = out.events
        commands = out.commands
        last = out
        self.seed = seed
    }

    @discardableResult
    mutating func send(_ event: EngineEvent, at time: Timestamp = t0) -> EngineOutput {
        seed &+= 1
        let out = engine.handle(EngineInput(event, time: time, seed: seed), state: &state)
        history += out.events
        commands += out.commands
        last = out
        return out
    }

    mutating func succeed(_ task: Int, _ output: JSON = [:], at time: Timestamp = t0) {
        send(.taskSucceeded(task: task, output: output), at: time)
    }

    mutating func fail(_ task: Int, _ error: String, _ cause: String? = nil, at time: Timestamp = t0) {
        send(.taskFailed(task: task, error: error, cause: cause), at: time)
    }

    mutating func fire(_ timer: Int, at time: Timestamp) {
        send(.timerFired(timer: timer), at: time)
    }

    /// The tasks the last event asked to run.
    var newTasks: [TaskRequest] { last.commands.tasks }
    /// The timers the last event started.
    var newTimers: [(id: Int, due: Timestamp)] { last.commands.timers }

    var types: [String] { history.map(\.type.rawValue) }
    var status: ExecutionStatus { state.status }

    func events(_ type: String) -> [HistoryEvent] { history.filter { $0.type.rawValue == type } }

    /// The parsed `output` of the last `…StateExited` event of the state named `name`.
    func exitOutput(_ name: String) throws -> JSON {
        let e = try #require(history.last { $0.type.isStateExited && $0.renderedDetails["name"]?.stringValue == name })
        return try JSON(parsing: try #require(e.renderedDetails["output"]?.stringValue))
    }

    /// Checks the invariants every history has: ids 1…n without gaps, each previousEventId before its event.
    func expectWellFormed(sourceLocation: SourceLocation = #_sourceLocation) {
        for (i, e) in history.enumerated() {
            #expect(e.id == i + 1, "event \(e.type) has id \(e.id) at position \(i + 1)", sourceLocation: sourceLocation)
            #expect(
                e.previousEventId >= 0 && e.previousEventId < e.id, "\(e.type) #\(e.id) previous \(e.previousEventId)",
                sourceLocation: sourceLocation)
        }
        #expect(state.nextEventId == history.count + 1, sourceLocation: sourceLocation)
        if let first = history.first {
            #expect(first.type == .executionStarted, sourceLocation: sourceLocation)
            #expect(first.previousEventId == 0, sourceLocation: sourceLocation)
        }
        if state.isFinished, let lastEvent = history.last {
            #expect(lastEvent.type.endsExecution, sourceLocation: sourceLocation)
        }
    }
}

extension Array where Element == EngineCommand {
    var tasks: [TaskRequest] {
        compactMap { if case .runTask(let r) = $0 { return r } else { return nil } }
    }
    var timers: [(id: Int, due: Timestamp)] {
        compactMap { if case .startTimer(let id, let due) = $0 { return (id, due) } else { return nil } }
    }
    var cancelledTasks: [Int] {
        compactMap { if case .cancelTask(let id) = $0 { return id } else { return nil } }
    }
    var cancelledTimers: [Int] {
        compactMap { if case .cancelTimer(let id) = $0 { return id } else { return nil } }
    }
}

func json(_ text: String) -> JSON {
    do { return try JSON(parsing: text) } catch { fatalError("bad test JSON \(text): \(error)") }
}

/// A machine whose only state is `state`, named `S`.
func single(_ state: String, extra: String = "") -> String {
    #"{"StartAt":"S",\#(extra)"States":{"S":\#(state)}}"#
}

let lambdaInvoke = "arn:aws:states:::lambda:invoke"
let lambdaFunction = "arn:aws:lambda:us-east-1:111111111111:function:f"
