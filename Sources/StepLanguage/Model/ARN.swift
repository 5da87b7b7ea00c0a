/// An Amazon Resource Name, `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`, parsed once and printed back
/// byte for byte. The resource is everything after the fifth colon and may hold more colons and slashes
/// (`execution:MACHINE/LABEL:NAME`); ``resourceType`` and ``resourceComponents`` are its colon-separated parts.
///
/// Parsing is structural: any field may be empty (`arn:aws:states:::lambda:invoke` has no region or account)
/// and their contents are not checked here. Callers check the service and resource type they need, each with
/// AWS's own error message.
public struct ARN: Sendable, Hashable, CustomStringConvertible {
    /// `aws`, `aws-cn`, `aws-us-gov`, …
    public var partition: String
    /// `states`, `lambda`, `sns`, `iam`, …
    public var service: String
    /// The region; empty for global resources and for service integrations.
    public var region: String
    /// The account id; empty for service integrations and S3 buckets.
    public var account: String
    /// Everything after the fifth colon, e.g. `stateMachine:orders:prod` or `function:f:3`.
    public var resource: String

    /// An ARN from its fields.
    public init(partition: String = "aws", service: String, region: String, account: String, resource: String) {
        self.partition = partition
        self.service = service
        self.region = region
        self.account = account
        self.resource = resource
    }

    /// Parses `arn:` followed by five more colon-separated fields, the last of which (the resource) keeps
    /// any further colons; nil for any other text.
    public init?(parsing text: String) {
        let fields = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard fields.count == 6, fields[0] == "arn" else { return nil }
        self.init(
            partition: String(fields[1]), service: String(fields[2]), region: String(fields[3]), account: String(fields[4]),
            resource: String(fields[5]))
    }

    /// The ARN as AWS writes it.
    public var description: String { "arn:\(partition):\(service):\(region):\(account):\(resource)" }

    /// The resource split at every colon, empty parts kept: `execution:m:e` → `["execution", "m", "e"]`.
    public var resourceParts: [String] {
        resource.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
    }

    /// The resource up to its first colon (`stateMachine`, `execution`, `function`, `lambda`, …); the whole
    /// resource when it has no colon.
    public var resourceType: String {
        guard let colon = resource.firstIndex(of: ":") else { return resource }
        return String(resource[..<colon])
    }

    /// The colon-separated parts after ``resourceType``: a state machine's name and qualifier, an execution's
    /// machine and name, a function's name and qualifier; empty when the resource has no colon.
    public var resourceComponents: [String] { Array(resourceParts.dropFirst()) }

    /// Whether this is a Step Functions ARN (service `states`) whose resource type is `type`.
    public func isStepFunctions(_ type: String) -> Bool { service == "states" && resourceType == type }
}
