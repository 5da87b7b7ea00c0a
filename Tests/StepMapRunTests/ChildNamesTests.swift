import StepLanguage
import StepMapRun
import Testing

/// A map run's children are named from the map run's ARN, as AWS names them.
@Suite struct ChildNamesTests {
    static let run = "arn:aws:states:eu-west-1:222222222222:mapRun:orders/Fan:0f0e0d0c-0000-4000-8000-000000000001"

    @Test func standardChildren() {
        let names = ChildNames(mapRunArn: Self.run, executionType: .standard)
        #expect(names.region == "eu-west-1")
        #expect(names.account == "222222222222")
        #expect(names.machine == "orders/Fan")
        #expect(names.runId == "0f0e0d0c-0000-4000-8000-000000000001")
        #expect(names.stateMachineArn == "arn:aws:states:eu-west-1:222222222222:stateMachine:orders/Fan")
        #expect(names.executionArn("c1") == "arn:aws:states:eu-west-1:222222222222:execution:orders/Fan:c1")
    }

    @Test func expressChildren() {
        let names = ChildNames(mapRunArn: Self.run, executionType: .express)
        #expect(names.executionArn("c1") == "arn:aws:states:eu-west-1:222222222222:express:orders/Fan:c1:c1")
    }

    @Test func notAnARN() {
        let names = ChildNames(mapRunArn: "run", executionType: .standard)
        #expect(names.region == "us-east-1" && names.account == "111111111111")
        #expect(names.machine == "map" && names.runId == "run")
    }
}
