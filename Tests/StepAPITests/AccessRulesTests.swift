import StepAPI
import Testing

/// The IAM resource of a request: the ARN it names, moved to this service's partition, region and account.
@Suite struct AccessRulesTests {
    let rules = AccessRules(region: "us-east-1", account: "111111111111")

    func resource(_ target: String, _ body: String) -> String {
        rules.stepFunctions(target: "AWSStepFunctions.\(target)", body: Array(body.utf8)).resource
    }

    @Test(arguments: [
        ("arn:aws-cn:states:cn-north-1:222222222222:execution:m:e", "arn:aws:states:us-east-1:111111111111:execution:m:e"),
        ("arn::states:::stateMachine:m:prod", "arn:aws:states:us-east-1:111111111111:stateMachine:m:prod"),
        ("arn:aws:states:eu-west-1:2:", "arn:aws:states:us-east-1:111111111111:"),
        ("arn:aws:states:eu-west-1:2", "arn:aws:states:eu-west-1:2"),
        ("orders", "orders"),
    ])
    func movesNamedARNs(_ arn: String, _ expected: String) {
        #expect(resource("DescribeExecution", #"{"executionArn":"\#(arn)"}"#) == expected)
    }

    @Test func createsARNs() {
        #expect(resource("CreateStateMachine", #"{"name":"m"}"#) == "arn:aws:states:us-east-1:111111111111:stateMachine:m")
        #expect(resource("CreateStateMachine", "{}") == "arn:aws:states:us-east-1:111111111111:stateMachine:*")
        #expect(resource("CreateActivity", #"{"name":"a"}"#) == "arn:aws:states:us-east-1:111111111111:activity:a")
        #expect(resource("ListStateMachines", "{}") == "*")
    }

    @Test func namesLambdaFunctions() {
        let get = rules.lambda(method: "GET", path: "/2015-03-31/functions/f:live", body: [])
        #expect(get.action == "lambda:GetFunction")
        #expect(get.resource == "arn:aws:lambda:us-east-1:111111111111:function:f")
        let invoke = rules.lambda(
            method: "POST", path: "/2015-03-31/functions/arn:aws:lambda:eu-west-1:2:function:g:3/invocations", body: [])
        #expect(invoke.action == "lambda:InvokeFunction")
        #expect(invoke.resource == "arn:aws:lambda:us-east-1:111111111111:function:g")
    }
}
