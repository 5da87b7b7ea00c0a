import StepLanguage

/// How a Task state's `Resource` is called, which decides the names of its history events.
enum ResourceKind: Sendable {
    /// A bare Lambda function ARN: `LambdaFunction…` events.
    case lambdaFunction
    /// An activity ARN: `Activity…` events.
    case activity
    /// A service integration `arn:aws:states:::service:action[.pattern]`: `Task…` events.
    case service(type: String, resource: String)

    init(_ resource: String) {
        guard let arn = ARN(parsing: resource) else {
            // Not an ARN (the parser lets `arn:` with fewer fields through): typed by its third field, if any.
            let fields = resource.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
            self = .service(type: fields.count >= 3 ? String(fields[2]) : "unknown", resource: resource)
            return
        }
        let c = arn.resourceComponents
        if !c.isEmpty, arn.service == "lambda", arn.resourceType == "function" {
            self = .lambdaFunction
        } else if !c.isEmpty, arn.isStepFunctions("activity") {
            self = .activity
        } else if !c.isEmpty, arn.service == "states", arn.resourceType.isEmpty || arn.region.isEmpty {
            if arn.resourceType == "aws-sdk", c.count >= 2 {
                // `arn:aws:states:::aws-sdk:dynamodb:putItem`: AWS records type `aws-sdk:dynamodb`, resource `putItem`.
                self = .service(type: "aws-sdk:\(c[0])", resource: c.dropFirst().joined(separator: ":"))
            } else {
                self = .service(type: arn.resourceType, resource: c.joined(separator: ":"))
            }
        } else {
            self = .service(type: arn.service, resource: arn.resource)
        }
    }

    var isWaitForTaskToken: Bool {
        if case .service(_, let r) = self { return r.hasSuffix(".waitForTaskToken") }
        return false
    }

    /// `LambdaFunctionSucceeded`, `ActivitySucceeded` or `TaskSucceeded`.
    var succeededEventType: HistoryEventType {
        switch self {
        case .lambdaFunction: return .lambdaFunctionSucceeded
        case .activity: return .activitySucceeded
        case .service: return .taskSucceeded
        }
    }

    var failedEventType: HistoryEventType {
        switch self {
        case .lambdaFunction: return .lambdaFunctionFailed
        case .activity: return .activityFailed
        case .service: return .taskFailed
        }
    }

    var timedOutEventType: HistoryEventType {
        switch self {
        case .lambdaFunction: return .lambdaFunctionTimedOut
        case .activity: return .activityTimedOut
        case .service: return .taskTimedOut
        }
    }

    var detailsPrefix: String {
        switch self {
        case .lambdaFunction: return "lambdaFunction"
        case .activity: return "activity"
        case .service: return "task"
        }
    }
}
