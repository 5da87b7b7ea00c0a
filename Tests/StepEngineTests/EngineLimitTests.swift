import StepEngine
import StepJSON
import StepLanguage
import Testing

/// AWS's bounds on an execution that the engine enforces: Express workflows end at five minutes, and a
/// loop with no wait in it ends at the event limit instead of running forever.
@Suite struct EngineLimitTests {
    let express: (StateMachine) -> Engine = {
        Engine(machine: $0, historyLimit: 250_000, maximumSeconds: Engine.expressMaximumSeconds)
    }

    @Test func anExpressExecutionTimesOutAtFiveMinutes() throws {
        var h = try Harness(#"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":600,"End":true}}}"#, engine: express)
        let limit = try #require(h.newTimers.first { $0.due == at(300) })
        h.fire(limit.id, at: at(300))
        #expect(h.status == .timedOut)
        #expect(h.types.last == "ExecutionTimedOut")
    }

    @Test func aShorterTimeoutSecondsStillApplies() throws {
        let h = try Harness(
            #"{"StartAt":"W","TimeoutSeconds":60,"States":{"W":{"Type":"Wait","Seconds":600,"End":true}}}"#, engine: express)
        #expect(h.newTimers.contains { $0.due == at(60) })
        #expect(!h.newTimers.contains { $0.due == at(300) })
    }

    @Test func aLoopWithNoWaitEndsAtTheEventLimit() throws {
        let loop = #"""
            {"StartAt":"A","States":{"A":{"Type":"Pass","Next":"C"},
             "C":{"Type":"Choice","Choices":[{"Variable":"$.done","IsPresent":true,"Next":"End"}],"Default":"A"},
             "End":{"Type":"Succeed"}}}
            """#
        let h = try Harness(loop, engine: { Engine(machine: $0, historyLimit: 10_000, maximumSeconds: 300) })
        #expect(h.status == .failed)
        #expect(h.state.error == "States.Runtime")
        #expect(h.history.count <= 10_002)
    }

    @Test func aStandardExecutionHasNoFiveMinuteLimit() throws {
        let h = try Harness(#"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":600,"End":true}}}"#)
        #expect(h.newTimers.map(\.due) == [at(600)])
    }
}
