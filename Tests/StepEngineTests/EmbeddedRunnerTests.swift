import Foundation
import StepEngine
import StepJSON
import StepLanguage
import StepRuntime
import Testing

/// Counts arrivals and the most tasks seen in flight at once.
private actor Meeting {
    var arrived = 0
    var inFlight = 0
    var maxInFlight = 0
    var requests: [TaskRequest] = []

    func arrive(_ r: TaskRequest) {
        arrived += 1
        inFlight += 1
        maxInFlight = max(maxInFlight, inFlight)
        requests.append(r)
    }

    func leave() { inFlight -= 1 }

    /// Waits (polling) until `count` tasks have arrived; false after `timeout` seconds.
    func waitFor(_ count: Int, timeout: Double = 10) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while arrived < count {
            if Date() > deadline { return false }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return true
    }
}

private func info(_ input: JSON = [:]) -> ExecutionInfo {
    .local(stateMachineName: "m", executionName: "e", input: input, startTime: WallClock.now())
}

@Suite struct EmbeddedRunnerTests {
    @Test func parallelBranchesRunTheirTasksConcurrently() async throws {
        // Each task waits for the other to have started: run one after the other, neither would finish.
        let machine = try DefinitionParser.parse(
            #"{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":["#
                + #"{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"who":"a"},"End":true}}},"#
                + #"{"StartAt":"B","States":{"B":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"who":"b"},"End":true}}}]}}}"#
        )
        let meeting = Meeting()
        let runner = EmbeddedRunner(
            machine: machine,
            tasks: ClosureTaskRunner { request in
                await meeting.arrive(request)
                guard await meeting.waitFor(2) else { return .failure(error: "NotConcurrent", cause: nil) }
                return .success(request.input["who"] ?? .null)
            })
        let result = await runner.run(info())
        #expect(result.status == .succeeded)
        #expect(result.output == ["a", "b"])
        #expect(result.error == nil)
        #expect(result.events.map(\.id) == Array(1...result.events.count))
    }

    @Test func mapIterationsRunConcurrentlyUpToMaxConcurrency() async throws {
        let machine = try DefinitionParser.parse(
            #"{"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":2,"ItemProcessor":{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}},"End":true}}}"#
        )
        let meeting = Meeting()
        let runner = EmbeddedRunner(
            machine: machine,
            tasks: ClosureTaskRunner { request in
                await meeting.arrive(request)
                // The first two meet; later ones find them already there.
                guard await meeting.waitFor(2) else { return .failure(error: "NotConcurrent", cause: nil) }
                try? await Task.sleep(for: .milliseconds(20))
                await meeting.leave()
                return .success(.int((request.input.intValue ?? 0) * 10))
            })
        let result = await runner.run(info([1, 2, 3, 4, 5, 6]))
        #expect(result.status == .succeeded)
        #expect(result.output == [10, 20, 30, 40, 50, 60])
        #expect(await meeting.maxInFlight == 2)
        #expect(await meeting.arrived == 6)
    }

    @Test func requestsCarryTheStateAndInput() async throws {
        let machine = try DefinitionParser.parse(
            #"{"StartAt":"Call","States":{"Call":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:f","Parameters":{"n.$":"$.n"},"ResultPath":"$.r","End":true}}}"#
        )
        let meeting = Meeting()
        let runner = EmbeddedRunner(
            machine: machine,
            tasks: ClosureTaskRunner { request in
                await meeting.arrive(request)
                return .success(["double": .int((request.input["n"]?.intValue ?? 0) * 2)])
            })
        let result = await runner.run(info(["n": 21]))
        #expect(result.output == json(#"{"n":21,"r":{"double":42}}"#))
        let request = try #require(await meeting.requests.first)
        #expect(request.stateName == "Call")
        #expect(request.resource == "arn:aws:lambda:us-east-1:111111111111:function:f")
        #expect(request.input == ["n": 21])
        #expect(result.json["status"] == "SUCCEEDED")
        #expect(result.json["events"]?.arrayValue?.count == result.events.count)
    }

    @Test func taskFailureIsCaught() async throws {
        let machine = try DefinitionParser.parse(
            #"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Catch":[{"ErrorEquals":["Custom"],"ResultPath":"$.err","Next":"H"}],"End":true},"H":{"Type":"Pass","End":true}}}"#
        )
        let runner = EmbeddedRunner(machine: machine, tasks: ClosureTaskRunner { _ in .failure(error: "Custom", cause: "c") })
        let result = await runner.run(info(["x": 1]))
        #expect(result.status == .succeeded)
        #expect(result.output == json(#"{"x":1,"err":{"Error":"Custom","Cause":"c"}}"#))
    }

    @Test func withoutARunnerTasksFail() async throws {
        let machine = try DefinitionParser.parse(
            #"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}}"#)
        let result = await EmbeddedRunner(machine: machine).run(info())
        #expect(result.status == .failed)
        #expect(result.error == "States.TaskFailed")
        #expect(result.json["status"] == "FAILED")
    }

    @Test func waitUntilATimestampUsesARealTimer() async throws {
        let machine = try DefinitionParser.parse(
            #"{"StartAt":"W","States":{"W":{"Type":"Wait","TimestampPath":"$.until","End":true}}}"#)
        let due = Timestamp(epochMilliseconds: WallClock.now().epochMilliseconds + 150)
        let start = Date()
        let result = await EmbeddedRunner(machine: machine).run(info(["until": .string(due.iso8601)]))
        #expect(result.status == .succeeded)
        #expect(Date().timeIntervalSince(start) >= 0.1)
        #expect(result.events.map(\.type) == [.executionStarted, .waitStateEntered, .waitStateExited, .executionSucceeded])
    }

    @Test func taskTimeoutCancelsASlowTask() async throws {
        let machine = try DefinitionParser.parse(
            #"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","TimeoutSeconds":1,"End":true}}}"#)
        let start = Date()
        let runner = EmbeddedRunner(
            machine: machine,
            tasks: ClosureTaskRunner { _ in
                try? await Task.sleep(for: .seconds(30))
                return .success("too late")
            })
        let result = await runner.run(info())
        #expect(result.status == .failed)
        #expect(result.error == "States.Timeout")
        #expect(Date().timeIntervalSince(start) < 25)  // well under the 30 s the task would take (loose, for a loaded machine)
    }
}
