import Foundation
import StepAuth
import StepJSON
import StepLanguage

/// The IAM action and resource of each API request, as AWS names them for its policies: `states:StartExecution`
/// on the state machine's ARN, `lambda:InvokeFunction` on the function's, `*` for the List actions.
public struct AccessRules: Sendable {
    public let region: String
    public let account: String

    public init(region: String, account: String) {
        self.region = region
        self.account = account
    }

    /// A Step Functions request (`X-Amz-Target: AWSStepFunctions.StartExecution`).
    public func stepFunctions(target: String, body: [UInt8]) -> (action: String, resource: String) {
        let name = target.split(separator: ".").last.map(String.init) ?? target
        let action = "states:" + name
        guard let request = try? JSON(parsing: body) else { return (action, "*") }
        for key in [
            "executionArn", "stateMachineArn", "activityArn", "resourceArn", "mapRunArn", "stateMachineAliasArn", "stateMachineVersionArn",
        ] {
            if let arn = request[key]?.stringValue { return (action, local(arn)) }
        }
        switch name {
        case "CreateStateMachine":
            let machine = request["name"]?.stringValue ?? "*"
            return (action, ARN.stateMachine(name: machine, region: region, account: account).description)
        case "CreateActivity":
            return (action, ARN.activity(name: request["name"]?.stringValue ?? "*", region: region, account: account).description)
        default:
            return (action, "*")
        }
    }

    /// A Lambda API request (`POST /2015-03-31/functions/NAME/invocations` …).
    public func lambda(method: String, path: String, body: [UInt8]) -> (action: String, resource: String) {
        let rest = path.dropFirst(LambdaAPI.prefix.count).split(separator: "/").map {
            String($0).removingPercentEncoding ?? String($0)
        }
        let name: String?
        if rest.isEmpty, method == "POST" {
            name = (try? JSON(parsing: body))?["FunctionName"]?.stringValue
        } else {
            name = rest.first
        }
        let action: String
        switch (method, rest.count, rest.count > 1 ? rest[1] : nil) {
        case ("POST", 0, _): action = "CreateFunction"
        case ("GET", 0, _): action = "ListFunctions"
        case ("GET", 1, _): action = "GetFunction"
        case ("GET", 2, "configuration"?): action = "GetFunctionConfiguration"
        case ("PUT", 2, "code"?): action = "UpdateFunctionCode"
        case ("PUT", 2, "configuration"?): action = "UpdateFunctionConfiguration"
        case ("DELETE", 1, _): action = "DeleteFunction"
        case ("POST", 2, "invocations"?): action = "InvokeFunction"
        default: action = "Unknown"
        }
        guard let name, !name.isEmpty else { return ("lambda:" + action, "*") }
        return ("lambda:" + action, ARN.lambdaFunction(name: Self.functionName(name), region: region, account: account).description)
    }

    /// The ARN a request names, as the resource the service will act on: the handlers find resources by
    /// name in this service's one region and account, so a policy is checked against that ARN, whatever
    /// partition, region or account the request wrote (else a Deny on the local ARN could be stepped round).
    func local(_ arn: String) -> String {
        guard var local = ARN(parsing: arn) else { return arn }
        local.partition = "aws"
        local.region = region
        local.account = account
        return local.description
    }

    /// The function a Lambda request names: a name, `name:qualifier`, a partial ARN `ACCOUNT:function:name`
    /// or a full ARN, as `FunctionReference` reads them.
    static func functionName(_ reference: String) -> String {
        let parts = reference.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if let i = parts.firstIndex(of: "function"), i + 1 < parts.count { return parts[i + 1] }
        return parts.first ?? reference
    }

    /// Actions that change nothing: not written to the audit log.
    public static func isReadOnly(_ action: String) -> Bool {
        let name = action.split(separator: ":").last.map(String.init) ?? action
        return name.hasPrefix("Describe") || name.hasPrefix("List") || name == "GetExecutionHistory"
            || name.hasPrefix("GetFunction") || name == "ValidateStateMachineDefinition"
            || name == "GetStatus" || name == "GetMetrics"
    }
}

/// How the API decides who may do what: the authenticator (`nil` with `serve --no-auth`), the action and
/// resource of each request, and whether function code may be uploaded at all.
public struct APIAccess: Sendable {
    public let authenticator: APIAuthenticator?
    public let rules: AccessRules
    /// `lambda.allowUpload`: CreateFunction and UpdateFunctionCode run code as the service's user.
    public let allowUpload: Bool

    public init(authenticator: APIAuthenticator?, rules: AccessRules, allowUpload: Bool) {
        self.authenticator = authenticator
        self.rules = rules
        self.allowUpload = allowUpload
    }
}
