import StepLanguage

/// A Lambda function as a caller names it: `my-function`, `my-function:v1`,
/// `123456789012:function:my-function`, or `arn:aws:lambda:us-east-1:123456789012:function:my-function[:qualifier]`.
/// Region and account are kept when given but do not pick the function: a name means the same function
/// in every region and account, so `arn:aws:lambda:<YOUR_REGION>:<YOUR_ACCOUNT_ID>:function:F` works too.
public struct FunctionReference: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    /// A version number or an alias; nil for the unqualified function (`$LATEST`).
    public var qualifier: String?
    public var partition: String?
    public var region: String?
    public var account: String?

    public init(name: String, qualifier: String? = nil, partition: String? = nil, region: String? = nil, account: String? = nil) {
        self.name = name
        self.qualifier = qualifier
        self.partition = partition
        self.region = region
        self.account = account
    }

    /// Parses any of the accepted forms; nil when the text is none of them.
    public init?(_ text: String) {
        if text == "arn" || text.hasPrefix("arn:") {
            guard let arn = ARN(parsing: text), let function = arn.lambdaFunction else { return nil }
            self.init(
                name: function.name, qualifier: function.qualifier, partition: arn.partition, region: arn.region, account: arn.account)
            return
        }
        // The forms that are not ARNs: `NAME[:QUALIFIER]` and `ACCOUNT:function:NAME[:QUALIFIER]`.
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        func qualifier(_ i: Int) -> String?? {
            if parts.count == i { return .some(nil) }
            if parts.count == i + 1, !parts[i].isEmpty { return .some(parts[i]) }
            return nil
        }
        if parts.count >= 3, parts[1] == "function" {
            guard !parts[2].isEmpty, let q = qualifier(3) else { return nil }
            self.init(name: parts[2], qualifier: q, account: parts[0])
        } else {
            guard !parts[0].isEmpty, let q = qualifier(1) else { return nil }
            self.init(name: parts[0], qualifier: q)
        }
    }

    /// The full ARN, with the given region and account where the reference has none.
    public func arn(region defaultRegion: String, account defaultAccount: String, qualified: Bool = true) -> String {
        ARN.lambdaFunction(
            name: name, qualifier: qualified ? qualifier : nil, region: region ?? defaultRegion, account: account ?? defaultAccount,
            partition: partition ?? "aws"
        ).description
    }

    /// The version a call runs, as `ExecutedVersion` reports it: the qualifier when it is a version
    /// number, `$LATEST` otherwise.
    public var executedVersion: String {
        if let q = qualifier, !q.isEmpty, q.allSatisfy(\.isNumber) { return q }
        return "$LATEST"
    }

    public var description: String { qualifier.map { "\(name):\($0)" } ?? name }
}
