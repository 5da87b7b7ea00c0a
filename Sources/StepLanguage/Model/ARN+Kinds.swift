/// The ARNs Stepline makes and reads, in AWS's shapes:
///
/// - state machine `arn:aws:states:R:A:stateMachine:NAME`, a version `…:NAME:3`, an alias `…:NAME:prod`
/// - execution `…:execution:MACHINE:NAME`, Express execution `…:express:MACHINE:NAME:RUN_ID`
/// - map run `…:mapRun:MACHINE/LABEL:RUN_ID`, whose children are `…:execution:MACHINE/LABEL:NAME`
/// - activity `…:activity:NAME`, Lambda function `arn:aws:lambda:R:A:function:NAME[:QUALIFIER]`
extension ARN {
    /// A state machine, or one of its versions (`qualifier` a number) or aliases.
    public static func stateMachine(name: String, qualifier: String? = nil, region: String, account: String, partition: String = "aws")
        -> ARN
    {
        let resource = qualifier.map { "stateMachine:\(name):\($0)" } ?? "stateMachine:\(name)"
        return ARN(partition: partition, service: "states", region: region, account: account, resource: resource)
    }

    /// A Standard execution (`stateMachine` is `MACHINE`, or `MACHINE/LABEL` for a map run's child).
    public static func execution(stateMachine: String, name: String, region: String, account: String, partition: String = "aws")
        -> ARN
    {
        ARN(partition: partition, service: "states", region: region, account: account, resource: "execution:\(stateMachine):\(name)")
    }

    /// An Express execution: machine, name and run id.
    public static func expressExecution(
        stateMachine: String, name: String, runId: String, region: String, account: String, partition: String = "aws"
    ) -> ARN {
        ARN(
            partition: partition, service: "states", region: region, account: account,
            resource: "express:\(stateMachine):\(name):\(runId)")
    }

    /// A Distributed Map's map run: `mapRun:MACHINE/LABEL:RUN_ID`.
    public static func mapRun(stateMachine: String, label: String, runId: String, region: String, account: String) -> ARN {
        ARN(service: "states", region: region, account: account, resource: "mapRun:\(stateMachine)/\(label):\(runId)")
    }

    /// An activity.
    public static func activity(name: String, region: String, account: String) -> ARN {
        ARN(service: "states", region: region, account: account, resource: "activity:\(name)")
    }

    /// A Lambda function, unqualified or with a version or alias.
    public static func lambdaFunction(name: String, qualifier: String? = nil, region: String, account: String, partition: String = "aws")
        -> ARN
    {
        let resource = qualifier.map { "function:\(name):\($0)" } ?? "function:\(name)"
        return ARN(partition: partition, service: "lambda", region: region, account: account, resource: resource)
    }

    /// A state machine ARN's name and qualifier (`nil` unqualified; as written, so possibly empty) when this
    /// is `stateMachine:NAME` or `stateMachine:NAME:QUALIFIER` with a name.
    public var stateMachineReference: (name: String, qualifier: String?)? {
        let c = resourceComponents
        guard isStepFunctions("stateMachine"), (1...2).contains(c.count), !c[0].isEmpty else { return nil }
        return (c[0], c.count == 2 ? c[1] : nil)
    }

    /// The activity's name when this is `activity:NAME` with a name.
    public var activityName: String? {
        let c = resourceComponents
        guard isStepFunctions("activity"), c.count == 1, !c[0].isEmpty else { return nil }
        return c[0]
    }

    /// A Standard execution's machine and name when this is `execution:MACHINE:NAME` with both.
    public var standardExecution: (stateMachine: String, name: String)? {
        let c = resourceComponents
        guard isStepFunctions("execution"), c.count == 2, !c[0].isEmpty, !c[1].isEmpty else { return nil }
        return (c[0], c[1])
    }

    /// A Lambda function's name and qualifier when this is `function:NAME` or `function:NAME:QUALIFIER`,
    /// both non-empty.
    public var lambdaFunction: (name: String, qualifier: String?)? {
        let c = resourceComponents
        guard service == "lambda", resourceType == "function", (1...2).contains(c.count), !c.contains("") else { return nil }
        return (c[0], c.count == 2 ? c[1] : nil)
    }
}
