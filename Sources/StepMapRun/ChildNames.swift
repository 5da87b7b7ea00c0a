import StepLanguage

/// The names and ARNs of a map run's children, derived from the map run's ARN
/// (`arn:aws:states:REGION:ACCOUNT:mapRun:MACHINE/LABEL:UUID`) as AWS shapes them.
public struct ChildNames: Sendable {
    public let region: String
    public let account: String
    /// `MACHINE/LABEL`.
    public let machine: String
    public let runId: String
    public let express: Bool

    public init(mapRunArn: String, executionType: StateMachineType) {
        let parts = mapRunArn.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        region = parts.count > 3 ? parts[3] : "us-east-1"
        account = parts.count > 4 ? parts[4] : "111111111111"
        machine = parts.count > 6 ? parts[6] : "map"
        runId = parts.count > 7 ? parts[7] : mapRunArn
        express = executionType == .express
    }

    public var stateMachineArn: String { "arn:aws:states:\(region):\(account):stateMachine:\(machine)" }

    /// A stable, UUID-shaped name for the child at `index`.
    public func name(_ index: Int) -> String { StableName.uuid("\(runId)#\(index)") }

    public func executionArn(_ name: String) -> String {
        express
            ? "arn:aws:states:\(region):\(account):express:\(machine):\(name):\(name)"
            : "arn:aws:states:\(region):\(account):execution:\(machine):\(name)"
    }
}
