import StepJSON
import StepLanguage
import StepService
import Testing

/// A map run record names its children's state machine from its own ARN.
@Suite struct MapRunRecordTests {
    static func record(_ arn: String) -> MapRunRecord {
        MapRunRecord(
            arn: arn, executionArn: "arn:aws:states:us-east-1:1:execution:m:e", status: "RUNNING",
            startDate: Timestamp(seconds: 0, nanoseconds: 0), stopDate: nil, description: .object([:]))
    }

    @Test(arguments: [
        ("arn:aws:states:us-east-1:1:mapRun:m/Fan:0f0e0d0c", "arn:aws:states:us-east-1:1:stateMachine:m/Fan"),
        ("arn:aws-cn:states:cn-north-1:1:mapRun:m/Fan:id", "arn:aws-cn:states:cn-north-1:1:stateMachine:m/Fan"),
        ("arn:aws:states:us-east-1:1:mapRun:m/Fan", "arn:aws:states:us-east-1:1:stateMachine:m/Fan"),
        ("arn:aws:states:us-east-1:1:mapRun", "arn:aws:states:us-east-1:1:stateMachine"),
        ("not-an-arn", "not-an-arn"),
    ])
    func stateMachineArn(_ arn: String, _ expected: String) {
        #expect(Self.record(arn).stateMachineArn == expected)
    }
}
