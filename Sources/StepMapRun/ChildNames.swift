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
        let arn = ARN(parsing: mapRunArn)
        let c = arn?.resourceComponents ?? []
        region = arn?.region ?? "us-east-1"
        account = arn?.account ?? "111111111111"
        machine = c.first ?? "map"
        runId = c.count > 1 ? c[1] : mapRunArn
        express = executionType == .express
    }

    /// The children's state machine: `…:stateMachine:MACHINE/LABEL`.
    public var stateMachineArn: String { ARN.stateMachine(name: machine, region: region, account: account).description }

    /// A stable, UUID-shaped name for the child at `index`.
    public func name(_ index: Int) -> String { StableName.uuid("\(runId)#\(index)") }

    /// The ARN of the child named `name`: `…:execution:MACHINE/LABEL:NAME`, or for Express children
    /// `…:express:MACHINE/LABEL:NAME:NAME`.
    public func executionArn(_ name: String) -> String {
        let arn =
            express
            ? ARN.expressExecution(stateMachine: machine, name: name, runId: name, region: region, account: account)
            : ARN.execution(stateMachine: machine, name: name, region: region, account: account)
        return arn.description
    }
}
