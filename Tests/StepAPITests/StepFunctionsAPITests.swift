import Foundation
import StepAPI
import StepJSON
import StepService
import Testing

/// The Step Functions API's actions, answered as AWS answers them, over a real SQLite file.
@Suite struct StepFunctionsAPITests {
    @Test func createDescribeUpdateAndDeleteAStateMachine() async throws {
        let f = try APIFixture()
        let created = await f.call(
            "CreateStateMachine", ["name": "hello", "definition": .string(passDefinition), "roleArn": .string(role)])
        #expect(created.status == 200)
        let arn = try #require(created.body["stateMachineArn"]?.stringValue)
        #expect(arn == "arn:aws:states:us-east-1:111111111111:stateMachine:hello")
        // Dates are epoch seconds, as AWS's JSON protocol carries them.
        #expect(created.body["creationDate"]?.doubleValue != nil)

        // The same request again is answered with the same machine; another definition is a conflict.
        let again = await f.call("CreateStateMachine", ["name": "hello", "definition": .string(passDefinition), "roleArn": .string(role)])
        #expect(again.body["stateMachineArn"]?.stringValue == arn)
        let other = #"{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}"#
        #expect(
            await f.errorCode("CreateStateMachine", ["name": "hello", "definition": .string(other), "roleArn": .string(role)])
                == "StateMachineAlreadyExists")

        let described = await f.call("DescribeStateMachine", ["stateMachineArn": .string(arn)])
        #expect(described.body["definition"]?.stringValue == passDefinition)
        #expect(described.body["roleArn"]?.stringValue == role)
        #expect(described.body["type"]?.stringValue == "STANDARD")
        #expect(described.body["status"]?.stringValue == "ACTIVE")

        let updated = await f.call("UpdateStateMachine", ["stateMachineArn": .string(arn), "definition": .string(other), "publish": true])
        #expect(updated.status == 200)
        #expect(updated.body["stateMachineVersionArn"]?.stringValue == arn + ":1")
        #expect(await f.call("DescribeStateMachine", ["stateMachineArn": .string(arn)]).body["definition"]?.stringValue == other)

        #expect(await f.call("DeleteStateMachine", ["stateMachineArn": .string(arn)]).status == 200)
        #expect(await f.errorCode("DescribeStateMachine", ["stateMachineArn": .string(arn)]) == "StateMachineDoesNotExist")
    }

    @Test func aDefinitionOverOneMebibyteIsRefusedBeforeItIsParsed() async throws {
        let f = try APIFixture()
        // A valid definition made just too long by a Comment: refused on its size, as AWS does.
        let padding = String(repeating: "x", count: 1_048_576)
        let big = #"{"Comment":""# + padding + #"","StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}"#
        for action in ["CreateStateMachine", "ValidateStateMachineDefinition"] {
            let (status, body) = await f.call(action, ["name": "big", "definition": .string(big), "roleArn": .string(role)])
            #expect(status == 400)
            #expect(body["__type"]?.stringValue?.hasSuffix("#ValidationException") == true)
            #expect(body["message"]?.stringValue?.contains("less than or equal to 1048576") == true)
        }
        let fits =
            #"{"Comment":""# + String(repeating: "x", count: 1_000_000) + #"","StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}"#
        #expect(await f.call("CreateStateMachine", ["name": "fits", "definition": .string(fits), "roleArn": .string(role)]).status == 200)
    }

    @Test func badRequestsGetAWSErrors() async throws {
        let f = try APIFixture()
        let broken = #"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"Dne"}}}"#
        let (status, body) = await f.call("CreateStateMachine", ["name": "x", "definition": .string(broken), "roleArn": .string(role)])
        #expect(status == 400)
        #expect(body["__type"]?.stringValue?.hasSuffix("#InvalidDefinition") == true)
        #expect(body["message"]?.stringValue?.contains("MISSING_TRANSITION_TARGET") == true)
        #expect(body["message"]?.stringValue?.contains("/States/A/Next") == true)
        #expect(await f.errorCode("CreateStateMachine", ["name": "bad name", "definition": .string(passDefinition)]) == "InvalidName")
        #expect(await f.errorCode("CreateStateMachine", ["definition": .string(passDefinition)]) == "ValidationException")
        #expect(await f.errorCode("DescribeExecution", ["executionArn": "nope"]) == "InvalidArn")
        #expect(
            await f.errorCode("DescribeExecution", ["executionArn": "arn:aws:states:us-east-1:111111111111:execution:m:e"])
                == "ExecutionDoesNotExist")
        #expect(await f.errorCode("NoSuchAction", [:]) == "UnknownOperationException")
        #expect(await f.errorCode("SendTaskSuccess", ["taskToken": "0123456789abcdef0123", "output": "{}"]) == "TaskTimedOut")
        #expect(await f.errorCode("SendTaskSuccess", ["taskToken": "0123456789abcdef0123", "output": "{"]) == "InvalidOutput")
    }

    @Test func validateDefinitionReportsEachProblem() async throws {
        let f = try APIFixture()
        let ok = await f.call("ValidateStateMachineDefinition", ["definition": .string(passDefinition)])
        #expect(ok.body["result"]?.stringValue == "OK")
        let broken = #"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"Dne"}}}"#
        let fail = await f.call("ValidateStateMachineDefinition", ["definition": .string(broken)])
        #expect(fail.body["result"]?.stringValue == "FAIL")
        #expect(fail.body["diagnostics"]?.arrayValue?.first?["code"]?.stringValue == "MISSING_TRANSITION_TARGET")
        #expect(fail.body["diagnostics"]?.arrayValue?.first?["location"]?.stringValue == "/States/A/Next")
    }

    @Test func startDescribeListAndStopAnExecution() async throws {
        let f = try APIFixture()
        let wait = #"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":100,"End":true}}}"#
        let arn = try #require(
            await f.call("CreateStateMachine", ["name": "slow", "definition": .string(wait), "roleArn": .string(role)]).body[
                "stateMachineArn"]?
                .stringValue)
        let started = await f.call("StartExecution", ["stateMachineArn": .string(arn), "name": "run-1", "input": #"{"a":1}"#])
        let executionArn = try #require(started.body["executionArn"]?.stringValue)
        #expect(executionArn == "arn:aws:states:us-east-1:111111111111:execution:slow:run-1")
        // The same name and input again is the same execution; another input is refused.
        #expect(
            await f.call("StartExecution", ["stateMachineArn": .string(arn), "name": "run-1", "input": #"{"a":1}"#]).body["executionArn"]?
                .stringValue == executionArn)
        #expect(
            await f.errorCode("StartExecution", ["stateMachineArn": .string(arn), "name": "run-1", "input": #"{"a":2}"#])
                == "ExecutionAlreadyExists")
        #expect(await f.errorCode("StartExecution", ["stateMachineArn": .string(arn), "input": "{oops"]) == "InvalidExecutionInput")
        #expect(await f.errorCode("StartSyncExecution", ["stateMachineArn": .string(arn)]) == "StateMachineTypeNotSupported")

        let described = await f.call("DescribeExecution", ["executionArn": .string(executionArn)])
        #expect(described.body["status"]?.stringValue == "RUNNING")
        #expect(described.body["input"]?.stringValue == #"{"a":1}"#)
        #expect(described.body["startDate"]?.doubleValue != nil)

        let listed = await f.call("ListExecutions", ["stateMachineArn": .string(arn), "maxResults": 1])
        #expect(listed.body["executions"]?.arrayValue?.count == 1)
        #expect(listed.body["nextToken"] == nil)

        // No service runs here, so the stop is applied to the database directly.
        #expect(await f.call("StopExecution", ["executionArn": .string(executionArn), "error": "E", "cause": "C"]).status == 200)
        let stopped = await f.call("DescribeExecution", ["executionArn": .string(executionArn)])
        #expect(stopped.body["status"]?.stringValue == "ABORTED")
        #expect(
            await f.call("ListExecutions", ["stateMachineArn": .string(arn), "statusFilter": "ABORTED"]).body["executions"]?.arrayValue?
                .count == 1)
        #expect(await f.errorCode("ListExecutions", ["stateMachineArn": .string(arn), "statusFilter": "NOPE"]) == "ValidationException")
    }

    @Test func versionsAndAliases() async throws {
        let f = try APIFixture()
        let created = await f.call(
            "CreateStateMachine", ["name": "m", "definition": .string(passDefinition), "roleArn": .string(role), "publish": true])
        let arn = try #require(created.body["stateMachineArn"]?.stringValue)
        #expect(created.body["stateMachineVersionArn"]?.stringValue == arn + ":1")
        let alias = await f.call(
            "CreateStateMachineAlias",
            ["name": "prod", "routingConfiguration": [["stateMachineVersionArn": .string(arn + ":1"), "weight": 100]]])
        let aliasArn = try #require(alias.body["stateMachineAliasArn"]?.stringValue)
        #expect(aliasArn == arn + ":prod")
        let described = await f.call("DescribeStateMachineAlias", ["stateMachineAliasArn": .string(aliasArn)])
        #expect(described.body["routingConfiguration"]?.arrayValue?.first?["stateMachineVersionArn"]?.stringValue == arn + ":1")
        #expect(
            await f.call("ListStateMachineVersions", ["stateMachineArn": .string(arn)]).body["stateMachineVersions"]?.arrayValue?.count == 1
        )
        #expect(
            await f.call("ListStateMachineAliases", ["stateMachineArn": .string(arn)]).body["stateMachineAliases"]?.arrayValue?.count == 1)
        // A version an alias routes to cannot be deleted until the alias is gone.
        #expect(await f.errorCode("DeleteStateMachineVersion", ["stateMachineVersionArn": .string(arn + ":1")]) == "ConflictException")
        #expect(await f.call("DeleteStateMachineAlias", ["stateMachineAliasArn": .string(aliasArn)]).status == 200)
        #expect(await f.call("DeleteStateMachineVersion", ["stateMachineVersionArn": .string(arn + ":1")]).status == 200)
        let started = await f.call("StartExecution", ["stateMachineArn": .string(aliasArn)])
        #expect(started.status == 400)
    }

    @Test func activitiesAndTheirTasks() async throws {
        let f = try APIFixture()
        let created = await f.call("CreateActivity", ["name": "review"])
        let arn = try #require(created.body["activityArn"]?.stringValue)
        #expect(await f.call("DescribeActivity", ["activityArn": .string(arn)]).body["name"]?.stringValue == "review")
        #expect(await f.call("ListActivities", [:]).body["activities"]?.arrayValue?.count == 1)
        // No task waits: the poll ends empty.
        let polled = await f.call("GetActivityTask", ["activityArn": .string(arn), "workerName": "w1"])
        #expect(polled.status == 200)
        #expect(polled.body == .object([:]))
        #expect(await f.call("DeleteActivity", ["activityArn": .string(arn)]).status == 200)
        #expect(await f.errorCode("DescribeActivity", ["activityArn": .string(arn)]) == "ActivityDoesNotExist")
    }
}

/// Tags on state machines and activities, as TagResource, UntagResource and ListTagsForResource keep them.
@Suite struct TagAPITests {
    @Test func tagsOnStateMachinesAndActivities() async throws {
        let f = try APIFixture()
        let created = await f.call(
            "CreateStateMachine",
            [
                "name": "tagged", "definition": .string(passDefinition), "roleArn": .string(role),
                "tags": [["key": "team", "value": "data"]],
            ])
        let arn = try #require(created.body["stateMachineArn"]?.stringValue)
        #expect(await f.call("ListTagsForResource", ["resourceArn": .string(arn)]).body == ["tags": [["key": "team", "value": "data"]]])
        #expect(
            await f.call(
                "TagResource", ["resourceArn": .string(arn), "tags": [["key": "env", "value": "dev"], ["key": "team", "value": "ml"]]]
            )
            .status == 200)
        #expect(
            await f.call("ListTagsForResource", ["resourceArn": .string(arn)]).body
                == ["tags": [["key": "team", "value": "ml"], ["key": "env", "value": "dev"]]])
        #expect(await f.call("UntagResource", ["resourceArn": .string(arn), "tagKeys": ["team", "nope"]]).status == 200)
        #expect(await f.call("ListTagsForResource", ["resourceArn": .string(arn)]).body == ["tags": [["key": "env", "value": "dev"]]])
        // A version is not taggable, and neither is what does not exist.
        #expect(
            await f.errorCode("TagResource", ["resourceArn": .string(arn + ":1"), "tags": [["key": "k", "value": "v"]]])
                == "ResourceNotFound")
        #expect(
            await f.errorCode("ListTagsForResource", ["resourceArn": "arn:aws:states:us-east-1:111111111111:stateMachine:nope"])
                == "ResourceNotFound")
        let tooMany = JSON.array((0..<51).map { ["key": .string("k\($0)"), "value": "v"] })
        #expect(await f.errorCode("TagResource", ["resourceArn": .string(arn), "tags": tooMany]) == "TooManyTags")

        let activity = try #require(
            await f.call("CreateActivity", ["name": "review", "tags": [["key": "owner", "value": "ops"]]]).body["activityArn"]?.stringValue)
        #expect(
            await f.call("ListTagsForResource", ["resourceArn": .string(activity)]).body == ["tags": [["key": "owner", "value": "ops"]]])
        // Deleting the resource deletes its tags: a new one of the same name starts bare.
        #expect(await f.call("DeleteActivity", ["activityArn": .string(activity)]).status == 200)
        _ = await f.call("CreateActivity", ["name": "review"])
        #expect(await f.call("ListTagsForResource", ["resourceArn": .string(activity)]).body == ["tags": []])
    }
}
