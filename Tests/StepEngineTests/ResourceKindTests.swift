import Testing

@testable import StepEngine

/// How a Task's `Resource` is typed for its history events, as the ARN is read.
@Suite struct ResourceKindTests {
    static func kind(_ resource: String) -> String {
        switch ResourceKind(resource) {
        case .lambdaFunction: return "lambdaFunction"
        case .activity: return "activity"
        case .service(let type, let resource): return "service \(type) \(resource)"
        }
    }

    @Test(arguments: [
        ("arn:aws:lambda:us-east-1:1:function:f", "lambdaFunction"),
        ("arn:aws:lambda:us-east-1:1:function:f:2", "lambdaFunction"),
        ("arn:aws:states:us-east-1:1:activity:a", "activity"),
        ("arn:aws:states:::lambda:invoke", "service lambda invoke"),
        ("arn:aws:states:::lambda:invoke.waitForTaskToken", "service lambda invoke.waitForTaskToken"),
        ("arn:aws:states:::aws-sdk:dynamodb:putItem", "service aws-sdk:dynamodb putItem"),
        ("arn:aws:states:::aws-sdk:s3", "service aws-sdk s3"),
        ("arn:aws:states:::states:startExecution.sync:2", "service states startExecution.sync:2"),
        ("arn:aws:states:us-east-1:1:stateMachine:m", "service states stateMachine:m"),
        ("arn:aws:states:us-east-1::lambda:invoke", "service states lambda:invoke"),
        ("arn:aws:states:us-east-1:1::x", "service  x"),
        ("arn:aws:states:::http", "service states http"),
        ("arn:aws:sns:us-east-1:1:topic", "service sns topic"),
        ("arn:a:b:c:d", "service b arn:a:b:c:d"),
        ("arn:a:b", "service b arn:a:b"),
        ("arn:short", "service unknown arn:short"),
    ])
    func typesResources(_ resource: String, _ expected: String) {
        #expect(Self.kind(resource) == expected)
    }
}
