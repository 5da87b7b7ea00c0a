import StepConsole
import StepJSON
import Testing

/// Reading each state's status out of a history, as the console colours a graph.
@Suite struct ExecutionProgressTests {
    static let history = """
        [
          {"id":1,"previousEventId":0,"type":"ExecutionStarted","executionStartedEventDetails":{}},
          {"id":2,"previousEventId":1,"type":"TaskStateEntered","stateEnteredEventDetails":{"name":"Call"}},
          {"id":3,"previousEventId":2,"type":"TaskScheduled","taskScheduledEventDetails":{}},
          {"id":4,"previousEventId":3,"type":"TaskFailed","taskFailedEventDetails":{"error":"Busy"}},
          {"id":5,"previousEventId":4,"type":"TaskScheduled","taskScheduledEventDetails":{}},
          {"id":6,"previousEventId":5,"type":"TaskSucceeded","taskSucceededEventDetails":{}},
          {"id":7,"previousEventId":6,"type":"TaskStateExited","stateExitedEventDetails":{"name":"Call"}},
          {"id":8,"previousEventId":7,"type":"TaskStateEntered","stateEnteredEventDetails":{"name":"Validate"}},
          {"id":9,"previousEventId":8,"type":"TaskScheduled","taskScheduledEventDetails":{}},
          {"id":10,"previousEventId":9,"type":"TaskFailed","taskFailedEventDetails":{"error":"Invalid"}},
          {"id":11,"previousEventId":10,"type":"TaskStateExited","stateExitedEventDetails":{"name":"Validate"}},
          {"id":12,"previousEventId":11,"type":"TaskStateEntered","stateEnteredEventDetails":{"name":"Approve"}},
          {"id":13,"previousEventId":12,"type":"TaskScheduled","taskScheduledEventDetails":{}},
          {"id":14,"previousEventId":13,"type":"TaskSubmitted","taskSubmittedEventDetails":{}}
        ]
        """

    static let definition = """
        {"StartAt":"Call","States":{
          "Call":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Retry":[{"ErrorEquals":["Busy"]}],"Next":"Validate"},
          "Validate":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Catch":[{"ErrorEquals":["States.ALL"],"Next":"Approve"}],"Next":"Approve"},
          "Approve":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken","Next":"Done"},
          "Done":{"Type":"Succeed"}}}
        """

    func progress() throws -> ExecutionProgress {
        guard case .array(let events) = try JSON(parsing: Self.history) else { throw ParseFailure() }
        return ExecutionProgress(history: events)
    }

    struct ParseFailure: Error {}

    @Test func eachStateGetsWhatHappenedToIt() throws {
        let p = try progress()
        #expect(p.states["Call"] == ExecutionProgress.StateProgress(status: .succeeded, retries: 1, entered: 1, error: "Busy"))
        #expect(p.status(of: "Validate") == .caught)
        #expect(p.states["Validate"]?.error == "Invalid")
        #expect(p.status(of: "Approve") == .waiting)
        #expect(p.status(of: "Done") == .notReached)
        #expect(p.path == ["Call", "Validate", "Approve"])
    }

    @Test func aRetryInProgressShowsAsRetrying() throws {
        let events = try JSON(parsing: Self.history).arrayValue ?? []
        let p = ExecutionProgress(history: Array(events.prefix(5)))
        #expect(p.status(of: "Call") == .retried)
    }

    @Test func theExecutionFailingFailsTheStateThatWasRunning() throws {
        var events = try JSON(parsing: Self.history).arrayValue ?? []
        events.append(
            try JSON(
                parsing:
                    #"{"id":15,"previousEventId":14,"type":"ExecutionFailed","executionFailedEventDetails":{"error":"States.Timeout"}}"#))
        #expect(ExecutionProgress(history: events).status(of: "Approve") == .failed)
    }

    @Test func theGraphCarriesTheStatusesAsClassesColoursAndText() throws {
        let graph = WorkflowGraph(definition: try JSON(parsing: Self.definition))
        let svg = try graph.svg(progress: try progress())
        #expect(svg.contains("status&#45;succeeded") || svg.contains("status-succeeded"))
        #expect(svg.contains("status&#45;caught") || svg.contains("status-caught"))
        #expect(svg.contains("status&#45;waiting") || svg.contains("status-waiting"))
        #expect(svg.contains("status&#45;not&#45;reached") || svg.contains("status-not-reached"))
        #expect(svg.contains("✓ succeeded · 1 retry"))
        #expect(svg.contains("⚠ caught · Invalid"))
        #expect(svg.contains("⏸ waiting for callback"))
        #expect(svg.contains("#d7f0e7"))
    }
}
