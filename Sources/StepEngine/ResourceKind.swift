import StepLanguage

/// How a Task state's `Resource` is called, which decides the names of its history events.
enum ResourceKind: Sendable {
    /// A bare Lambda function ARN: `LambdaFunction…` events.
    case lambdaFunction
    /// An activity ARN: `Activity…` events.
    case activity
    /// A service integration `arn:aws:states:::service:action[.pattern]`: `Task…` events.
    case service(type: String, resource: String)

    init(_ arn: String) {
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count >= 7, parts[2] == "lambda", parts[5] == "function" {
            self = .lambdaFunction
        } else if parts.count >= 7, parts[2] == "states", parts[5] == "activity" {
            self = .activity
        } else if parts.count >= 7, parts[2] == "states", parts[5].isEmpty || parts[3].isEmpty {
            let service = String(parts[5])
            if service == "aws-sdk", parts.count >= 8 {
                // `arn:aws:states:::aws-sdk:dynamodb:putItem`: AWS records type `aws-sdk:dynamodb`, resource `putItem`.
                self = .service(type: "aws-sdk:\(parts[6])", resource: parts[7...].joined(separator: ":"))
            } else {
                self = .service(type: service, resource: parts[6...].joined(separator: ":"))
            }
        } else if parts.count >= 3 {
            self = .service(type: String(parts[2]), resource: parts.count > 5 ? parts[5...].joined(separator: ":") : arn)
        } else {
            self = .service(type: "unknown", resource: arn)
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
