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

    /// The history events a task of this kind ends with, and their details' keys.
    var events: ResourceEvents {
        switch self {
        case .lambdaFunction: return .lambdaFunction
        case .activity: return .activity
        case .service: return .task
        }
    }
}

/// What a finished task writes to the history, by the kind of its resource: `LambdaFunctionSucceeded` with
/// `lambdaFunctionSucceededEventDetails`, `ActivityFailed`, `TaskTimedOut`… The keys are constants, so the
/// interpreter builds no string per event.
struct ResourceEvents: Sendable {
    let succeeded: HistoryEventType
    let succeededDetails: String
    let failed: HistoryEventType
    let failedDetails: String
    let timedOut: HistoryEventType
    let timedOutDetails: String

    static let lambdaFunction = ResourceEvents(
        succeeded: .lambdaFunctionSucceeded, succeededDetails: "lambdaFunctionSucceededEventDetails",
        failed: .lambdaFunctionFailed, failedDetails: "lambdaFunctionFailedEventDetails",
        timedOut: .lambdaFunctionTimedOut, timedOutDetails: "lambdaFunctionTimedOutEventDetails")
    static let activity = ResourceEvents(
        succeeded: .activitySucceeded, succeededDetails: "activitySucceededEventDetails", failed: .activityFailed,
        failedDetails: "activityFailedEventDetails", timedOut: .activityTimedOut, timedOutDetails: "activityTimedOutEventDetails")
    static let task = ResourceEvents(
        succeeded: .taskSucceeded, succeededDetails: "taskSucceededEventDetails", failed: .taskFailed,
        failedDetails: "taskFailedEventDetails", timedOut: .taskTimedOut, timedOutDetails: "taskTimedOutEventDetails")
}
