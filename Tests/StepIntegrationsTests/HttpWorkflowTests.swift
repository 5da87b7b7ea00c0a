import Foundation
import StepEngine
import StepJSON
import StepLanguage
import StepRuntime
import Testing

@testable import StepIntegrations

@Suite("Workflows calling HTTP APIs") struct HttpWorkflowTests {
    func run(_ definition: String, _ input: JSON, _ runner: any TaskRunner, name: String = "e") async throws
        -> ExecutionResult
    {
        let machine = try DefinitionParser.parse(definition)
        let info = ExecutionInfo.local(
            stateMachineName: "m", executionName: name, input: input, startTime: WallClock.now())
        return await EmbeddedRunner(machine: machine, tasks: runner).run(info)
    }

    static let definition = """
        {"StartAt": "Call", "States": {
          "Call": {"Type": "Task", "Resource": "arn:aws:states:::http:invoke",
                   "Parameters": {"ApiEndpoint.$": "$.url", "Method": "GET"},
                   "ResultSelector": {"body.$": "$.ResponseBody", "code.$": "$.StatusCode"},
                   "Retry": [{"ErrorEquals": ["States.Http.StatusCode.503"], "IntervalSeconds": 1, "MaxAttempts": 3,
                              "BackoffRate": 1}],
                   "Catch": [{"ErrorEquals": ["States.Http.StatusCode.404"], "Next": "Missing"}],
                   "End": true},
          "Missing": {"Type": "Pass", "End": true}}}
        """

    @Test func aBusyAPIIsRetriedUntilItAnswers() async throws {
        let server = try HttpTestServer()
        let runner = StepConfig(directory: NSTemporaryDirectory()).taskRunner()
        let result = try await run(Self.definition, ["url": .string(server.base + "/flaky/w1/2")], runner)
        #expect(result.status == .succeeded)
        #expect(result.output == ["body": ["calls": 3], "code": 200])
        let types = result.events.map(\.type.rawValue)
        #expect(types.filter { $0 == "TaskFailed" }.count == 2)
        #expect(types.filter { $0 == "TaskScheduled" }.count == 3)
    }

    @Test func a404IsCaughtWithTheResponseAsCause() async throws {
        let server = try HttpTestServer()
        let runner = StepConfig(directory: NSTemporaryDirectory()).taskRunner()
        let result = try await run(Self.definition, ["url": .string(server.base + "/status/404")], runner)
        #expect(result.status == .succeeded)
        #expect(result.output?["Error"] == "States.Http.StatusCode.404")
        let cause = try JSON(parsing: try #require(result.output?["Cause"]?.stringValue))
        #expect(cause["StatusCode"] == 404)
        #expect(cause["ResponseBody"] == ["message": "status 404"])
        // Not retried: the retrier names 503 only.
        #expect(result.events.map(\.type).filter { $0 == .taskScheduled }.count == 1)
    }

    @Test func anUncaughtStatusFailsTheExecution() async throws {
        let server = try HttpTestServer()
        let runner = StepConfig(directory: NSTemporaryDirectory()).taskRunner()
        let result = try await run(Self.definition, ["url": .string(server.base + "/status/500")], runner)
        #expect(result.status == .failed)
        #expect(result.error == "States.Http.StatusCode.500")
    }

    @Test func theTasksTimeoutCancelsASlowCall() async throws {
        let server = try HttpTestServer()
        let definition = """
            {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "arn:aws:states:::http:invoke",
              "Parameters": {"ApiEndpoint.$": "$.url", "Method": "GET"}, "TimeoutSeconds": 1, "End": true}}}
            """
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try await run(
            definition, ["url": .string(server.base + "/slow/20")], StepConfig(directory: "/").taskRunner())
        #expect(seconds(since: start) < 15, "well before the server's 20 s")
        #expect(result.status == .failed)
        #expect(result.error == "States.Timeout")
    }

    @Test func theHttpExample() async throws {
        let dir = LambdaWorkflowTests.repository + "/examples/http"
        let api = try HttpTestServer(arguments: ["python3", dir + "/api.py", "0"])
        let runner = try StepConfig.load(dir + "/stepline.json").taskRunner()
        let definition = try String(contentsOfFile: dir + "/orders.asl.json", encoding: .utf8)

        let ordered = try await run(
            definition, ["api": .string("http://127.0.0.1:\(api.port)"), "customer": "ada", "items": ["tea"]], runner,
            name: "order-1")
        #expect(ordered.status == .succeeded)
        #expect(
            ordered.output == [
                "order": ["id": 1, "customer": "ada", "items": ["tea"], "client": "stepline-example"], "status": 201,
            ])
        #expect(ordered.events.map(\.type).filter { $0 == .taskFailed }.count == 1)

        let ghost = try await run(
            definition, ["api": .string("http://127.0.0.1:\(api.port)"), "customer": "ghost", "items": []], runner,
            name: "order-2")
        #expect(ghost.status == .succeeded)
        #expect(ghost.output == ["customer": "ghost", "rejected": "States.Http.StatusCode.404"])
    }
}
