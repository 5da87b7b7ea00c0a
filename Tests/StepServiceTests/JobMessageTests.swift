import StepEngine
import StepJSON
import StepRuntime
import StepService
import Testing

/// Jobs and their answers as queue messages: JSON whose JSON members (a task's input, credentials, output) are
/// JSON values, not strings of JSON text.
@Suite struct JobMessageTests {
    static let request = TaskRequest(
        id: 3, resource: "arn:aws:lambda:us-east-1:111111111111:function:f",
        input: ["zeta": 1, "alpha": [1, 2.0, ["deep": nil]], "s": "text"], stateName: "T", timeoutSeconds: 10,
        heartbeatSeconds: 5, taskToken: "tok", credentials: ["RoleArn": "arn:aws:iam::111111111111:role/r"],
        executionArn: "arn:aws:states:us-east-1:111111111111:execution:m:e")

    @Test func aJobsBodyHoldsItsInputAsAJSONObject() throws {
        let job = Job(executionId: 9, request: Self.request, batch: "b-1")
        let body = try JSON(parsing: job.messageBody())
        #expect(body.objectValue?.keys == ["executionId", "request", "batch"])
        #expect(body["executionId"] == 9)
        #expect(body["batch"] == "b-1")
        let request = try #require(body["request"])
        let input = try #require(request["input"]?.objectValue, "the input is an object, not a string of its text")
        #expect(input.keys == ["zeta", "alpha", "s"])
        #expect(request["input"]?.serialized() == #"{"zeta":1,"alpha":[1,2.0,{"deep":null}],"s":"text"}"#)
        #expect(request["credentials"]?.objectValue != nil)
        #expect(request["id"] == 3)
        #expect(request["resource"] == .string(Self.request.resource))
        #expect(request["stateName"] == "T")
        #expect(request["timeoutSeconds"] == 10)
        #expect(request["heartbeatSeconds"] == 5)
        #expect(request["taskToken"] == "tok")
        #expect(request["executionArn"] == .string(Self.request.executionArn))
        #expect(try Job(messageBody: job.messageBody()) == job)
    }

    @Test func absentOptionalsAreLeftOutOfTheBody() throws {
        let bare = TaskRequest(
            id: 1, resource: "r", input: "just a string", stateName: "S", timeoutSeconds: nil, heartbeatSeconds: nil,
            taskToken: nil, credentials: nil, executionArn: "arn:x")
        let job = Job(executionId: 2, request: bare)
        let body = try JSON(parsing: job.messageBody())
        #expect(body.objectValue?.keys == ["executionId", "request"])
        #expect(body["request"]?.objectValue?.keys == ["id", "resource", "input", "stateName", "executionArn"])
        #expect(body["request"]?["input"] == "just a string", "a string input stays a JSON string")
        #expect(try Job(messageBody: job.messageBody()) == job)
    }

    @Test func aBodyInTheEarlierLayoutIsStillAJob() throws {
        // As `Job.json` wrote it before `Job` was `Codable`: the same members, executionArn before the optionals.
        let text = #"""
            {"executionId":4,"request":{"id":2,"resource":"r","input":{"n":1},"stateName":"S","executionArn":"arn:x",
             "timeoutSeconds":30,"taskToken":"t","credentials":{"k":"v"}},"batch":"b"}
            """#
        let job = try Job(messageBody: Array(text.utf8))
        #expect(job.executionId == 4)
        #expect(job.batch == "b")
        #expect(job.request.input == ["n": 1])
        #expect(job.request.timeoutSeconds == 30)
        #expect(job.request.heartbeatSeconds == nil)
        #expect(job.request.taskToken == "t")
        #expect(job.request.credentials == ["k": "v"])
    }

    @Test func everyOutcomeOfAnAnswerRoundTrips() throws {
        let answers = [
            JobResult(executionId: 9, taskId: 3, outcome: .success(["b": 1, "a": [1.0]]), executionArn: "arn:x"),
            JobResult(executionId: 9, taskId: 3, outcome: .success(.null)),
            JobResult(executionId: 9, taskId: 4, outcome: .submitted(["StatusCode": 200]), batch: "b-2"),
            JobResult(executionId: 9, taskId: 5, outcome: .failure(error: "States.TaskFailed", cause: "boom")),
            JobResult(executionId: 9, taskId: 6, outcome: .failure(error: "E", cause: nil), batch: "b", executionArn: "arn:y"),
        ]
        for answer in answers {
            #expect(try JobResult(messageBody: answer.messageBody()) == answer)
        }
        let success = try JSON(parsing: answers[0].messageBody())
        #expect(success.serialized() == #"{"executionId":9,"taskId":3,"executionArn":"arn:x","output":{"b":1,"a":[1.0]}}"#)
        let submitted = try JSON(parsing: answers[2].messageBody())
        #expect(submitted.serialized() == #"{"executionId":9,"taskId":4,"batch":"b-2","submitted":{"StatusCode":200}}"#)
        let failure = try JSON(parsing: answers[4].messageBody())
        #expect(failure.serialized() == #"{"executionId":9,"taskId":6,"batch":"b","executionArn":"arn:y","error":"E","cause":null}"#)
    }

    @Test func malformedBodiesAreErrorsThatSayWhatIsWrong() throws {
        #expect(throws: JSONParseError.self) { try Job(messageBody: Array("not json".utf8)) }
        do {
            _ = try Job(messageBody: Array(#"{"executionId":1,"request":{"id":"one"}}"#.utf8))
            Issue.record("a string id is no job")
        } catch {
            #expect(JSONValueDecoder.describe(error).hasPrefix("request.id: "))
        }
        do {
            _ = try JobResult(messageBody: Array(#"{"executionId":1,"taskId":2}"#.utf8))
            Issue.record("an answer needs an outcome")
        } catch {
            #expect(JSONValueDecoder.describe(error).contains("output, submitted or error"))
        }
    }
}
