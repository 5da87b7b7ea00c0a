import Foundation
import StepEngine
import StepJSON
import StepLanguage
import Testing

/// A machine with most moving parts: random intrinsics, a Map of tasks with retries, a Parallel with a Wait,
/// variables and a catch.
private let busyMachine =
    #"{"StartAt":"Init","States":{"#
    + #""Init":{"Type":"Pass","Parameters":{"id.$":"States.UUID()","r.$":"States.MathRandom(1, 1000)","items.$":"$.items"},"Assign":{"runId.$":"$.id"},"Next":"Fan"},"#
    + #""Fan":{"Type":"Parallel","ResultPath":"$.fan","Branches":["#
    + #"{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":2,"ItemSelector":{"v.$":"$$.Map.Item.Value","run.$":"$runId"},"ItemProcessor":{"StartAt":"Work","States":{"#
    + #""Work":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"v.$":"$.v","token.$":"States.UUID()"},"TimeoutSeconds":30,"Retry":[{"ErrorEquals":["Flaky"],"IntervalSeconds":1,"MaxAttempts":2,"JitterStrategy":"FULL"}],"End":true}}},"End":true}}},"#
    + #"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":7,"Next":"T"},"T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken","Parameters":{"t.$":"$$.Task.Token"},"HeartbeatSeconds":20,"End":true}}}"#
    + #"],"Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.error","Next":"Done"}],"Next":"Done"},"#
    + #""Done":{"Type":"Pass","End":true}}}"#

/// Plays a fixed script against a harness: answers the oldest task (every third attempt fails with `Flaky`),
/// or fires the earliest timer, one event at a time, advancing time by one second per event.
private struct Script {
    var clock = 0
    var answered = 0
    var dues: [Int: Timestamp] = [:]

    mutating func step(_ h: inout Harness) -> Bool {
        guard !h.state.isFinished else { return false }
        for c in h.last.commands {
            if case .startTimer(let id, let due) = c { dues[id] = due }
        }
        clock += 1
        if let task = h.state.pendingTasks.first {
            answered += 1
            if answered % 3 == 0 {
                h.fail(task, "Flaky", "attempt \(answered)", at: at(clock))
            } else {
                h.succeed(task, ["answer": .int(answered)], at: at(clock))
            }
            return true
        }
        let pending = h.state.pendingTimers.compactMap { id in dues[id].map { (id, $0) } }
        guard let (id, due) = pending.min(by: { $0.1 < $1.1 }) else { return false }
        let time = max(due, at(clock))
        clock = max(clock, time.seconds - t0.seconds)
        h.fire(id, at: time)
        return true
    }
}

private let busyInput: JSON = ["items": [1, 2, 3, 4, 5]]

@Suite struct EngineDeterminismTests {
    private func runToEnd(seed: UInt64) throws -> Harness {
        var h = try Harness(busyMachine, input: busyInput, seed: seed)
        var script = Script()
        var steps = 0
        while script.step(&h) {
            steps += 1
            if steps > 500 { break }
        }
        return h
    }

    @Test func busyMachineFinishesWithAWellFormedHistory() throws {
        let h = try runToEnd(seed: 11)
        #expect(h.state.isFinished)
        #expect(h.status == .succeeded)
        let fan = try #require(h.state.output?["fan"]?.arrayValue)
        #expect(fan.count == 2)
        #expect(fan[0].arrayValue?.count == 5)
        #expect(h.state.pendingTasks.isEmpty && h.state.pendingTimers.isEmpty)
        #expect(h.events("MapIterationSucceeded").count == 5)
        #expect(!h.events("TaskFailed").isEmpty)
        h.expectWellFormed()
    }

    @Test func sameEventsAndSeedsGiveIdenticalRuns() throws {
        let a = try runToEnd(seed: 11)
        let b = try runToEnd(seed: 11)
        #expect(a.history == b.history)
        #expect(a.commands == b.commands)
        #expect(a.state.output == b.state.output)
        #expect(a.history.map(\.json.description) == b.history.map(\.json.description))
    }

    @Test func theSeedDrivesTheRandomParts() throws {
        let a = try runToEnd(seed: 11)
        let c = try runToEnd(seed: 12)
        #expect(a.state.output?["id"] != c.state.output?["id"])
        #expect(a.history.count == c.history.count)
    }

    /// How many script steps the busy machine takes to finish.
    private func totalSteps(seed: UInt64) throws -> Int {
        var h = try Harness(busyMachine, input: busyInput, seed: seed)
        var script = Script()
        var steps = 0
        while script.step(&h), steps < 500 { steps += 1 }
        return steps
    }

    @Test func stateRoundTripsThroughCodableMidRunAndTheRunContinuesIdentically() throws {
        let total = try totalSteps(seed: 5)
        #expect(total > 8)
        for cut in [1, total / 4, total / 2, total * 3 / 4] {
            var original = try Harness(busyMachine, input: busyInput, seed: 5)
            var script = Script()
            for _ in 0..<cut { _ = script.step(&original) }
            try #require(!original.state.isFinished)

            let data = try JSONEncoder().encode(original.state)
            let decoded = try JSONDecoder().decode(ExecutionState.self, from: data)
            #expect(decoded.pendingTasks == original.state.pendingTasks)
            #expect(decoded.pendingTimers == original.state.pendingTimers)
            #expect(decoded.nextEventId == original.state.nextEventId)

            var restored = original
            restored.state = decoded
            var scriptCopy = script
            var steps = 0
            var sameEvents = true
            while script.step(&original) {
                _ = scriptCopy.step(&restored)
                // Same events in the same order, whatever the member order inside their payloads.
                #expect(restored.last.events.map(\.type) == original.last.events.map(\.type))
                #expect(restored.last.events.map(\.id) == original.last.events.map(\.id))
                #expect(restored.last.events.map(\.previousEventId) == original.last.events.map(\.previousEventId))
                #expect(restored.last.commands.count == original.last.commands.count)
                sameEvents = sameEvents && restored.last.events.map(\.json.description) == original.last.events.map(\.json.description)
                steps += 1
                if steps > 500 { break }
            }
            #expect(original.status == .succeeded)
            #expect(restored.status == original.status)
            // JSON equality ignores member order.
            #expect(restored.state.output == original.state.output)
            #expect(sameEvents)
            #expect(restored.history.map(\.json.description) == original.history.map(\.json.description))
            #expect(restored.state.output?.serialized() == original.state.output?.serialized())
        }
    }

    @Test func engineInputsAndTaskRequestsAreCodable() throws {
        let inputs: [EngineInput] = [
            EngineInput(.start, time: t0, seed: 1),
            EngineInput(.taskSucceeded(task: 3, output: ["a": [1, 2.5, nil]]), time: at(1), seed: 2),
            EngineInput(.taskFailed(task: 4, error: "E", cause: nil), time: at(2), seed: 3),
            EngineInput(.taskHeartbeat(task: 5), time: at(3), seed: 4),
            EngineInput(.timerFired(timer: 6), time: at(4), seed: 5),
            EngineInput(.stop(error: "x", cause: "y"), time: at(5), seed: 6),
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(inputs)
        let decoded = try JSONDecoder().decode([EngineInput].self, from: data)
        #expect(try encoder.encode(decoded) == data)
        let h = try Harness(busyMachine, input: busyInput)
        let requests = h.commands.tasks
        let back = try JSONDecoder().decode([TaskRequest].self, from: JSONEncoder().encode(requests))
        #expect(back == requests)
        let events = try JSONDecoder().decode([HistoryEvent].self, from: JSONEncoder().encode(h.history))
        #expect(events == h.history)
    }
}
