import Foundation
import StepEngine
import StepJSON
import StepLanguage
import StepRuntime
import Testing
@testable import StepIntegrations

@Suite("Workflows calling Lambda") struct LambdaWorkflowTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    func run(_ definition: String, _ input: JSON, _ runner: any TaskRunner) async throws -> ExecutionResult {
        let machine = try DefinitionParser.parse(definition)
        let info = ExecutionInfo.local(stateMachineName: "m", executionName: "e", input: input, startTime: WallClock.now())
        return await EmbeddedRunner(machine: machine, tasks: runner).run(info)
    }

    @Test func theHelloLambdaExample() async throws {
        let dir = Self.repository + "/examples/hello-lambda"
        let config = try StepConfig.load(dir + "/stepline.json")
        let runner = config.taskRunner()
        let definition = try String(contentsOfFile: dir + "/hello_workflow.json", encoding: .utf8)
        let result = try await run(definition, ["name": "cloudpicker"], runner)
        #expect(result.status == .succeeded)
        #expect(result.output?.serialized() == #""\"Hello, cloudpicker!\"""#)
        #expect(
            result.events.map(\.type) == [
                .executionStarted, .taskStateEntered, .taskScheduled, .taskStarted, .taskSucceeded, .taskStateExited,
                .executionSucceeded,
            ])
        await runner.shutdown()
    }

    @Test func aHandlerExceptionIsCaughtWithAWSsErrorAndCause() async throws {
        let f = Fixture()
        f.write("raise.py", "def handler(event, context):\n    raise Exception(\"Some exception was raised.\")\n")
        let lambdas = f.write("lambdas.json", #"{"f": "raise.py"}"#)
        let runner = try StepConfig.load(lambdas).taskRunner()
        let definition = """
            {"StartAt": "Call", "States": {
              "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                       "Parameters": {"FunctionName": "f", "Payload.$": "$"},
                       "Catch": [{"ErrorEquals": ["Exception"], "Next": "Caught"}], "End": true},
              "Caught": {"Type": "Pass", "End": true}}}
            """
        let result = try await run(definition, [:], runner)
        #expect(result.status == .succeeded)
        #expect(result.output?["Error"] == "Exception")
        let cause = try #require(result.output?["Cause"]?.stringValue)
        #expect(cause.hasPrefix(#"{"errorMessage":"Some exception was raised.","errorType":"Exception","requestId":""#))
        #expect(
            cause.hasSuffix(
                #""stackTrace":["  File \"/var/task/handler.py\", line 2, in handler\n    raise Exception(\"Some exception was raised.\")\n"]}"#
            ))
        await runner.shutdown()
    }

    @Test func aTaskTimeoutKillsTheHandlerAndTimesTheTaskOut() async throws {
        let f = Fixture()
        f.write("slow.py", "import time\ndef handler(event, context):\n    time.sleep(30)\n")
        let runner = try StepConfig(
            try JSON(parsing: #"{"functions": {"slow": {"handler": "slow.py", "pool": 1}}}"#), directory: f.directory
        )
        .taskRunner()
        let definition = """
            {"StartAt": "Call", "States": {
              "Call": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:111111111111:function:slow",
                       "TimeoutSeconds": 1, "End": true}}}
            """
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try await run(definition, [:], runner)
        #expect(seconds(since: start) < 20, "well before the handler's 30 s")
        #expect(result.status == .failed)
        #expect(result.error == "States.Timeout")
        #expect(result.events.map(\.type).contains(.lambdaFunctionTimedOut))
        await runner.shutdown()
    }
}
