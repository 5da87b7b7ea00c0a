import Foundation

/// Checks every API request before anything acts on it: who signed it (SigV4 against the credentials
/// file's keys) and whether that key's policy allows the action on the resource.
public struct APIAuthenticator: Sendable {
    public let keys: [String: CredentialsFile.Key]
    /// The account in the users' ARNs (`arn:aws:iam::ACCOUNT:user/PROFILE`).
    public let account: String

    public init(keys: [String: CredentialsFile.Key], account: String) {
        self.keys = keys
        self.account = account
    }

    /// A refusal with AWS's error name and message.
    public struct Refusal: Error, Sendable, Equatable {
        public var name: String
        public var message: String
    }

    /// The key that signed the request, or why it is refused. A signature scoped to another service or
    /// region than `service`/`region` (when given) is refused as AWS refuses it.
    public func authenticate(
        _ request: SigV4Request, service: String? = nil, region: String? = nil, now: Date = Date()
    ) -> Result<CredentialsFile.Key, Refusal> {
        do throws(SigV4.Failure) {
            let claim = try SigV4.claim(of: request)
            if let service, claim.service != service {
                throw .incomplete("Credential should be scoped to correct service: '\(service)'. ")
            }
            if let region, claim.region != region {
                throw .incomplete("Credential should be scoped to a valid region. ")
            }
            guard let key = keys[claim.accessKey] else { throw SigV4.Failure.unknownKey }
            if key.sessionToken != claim.sessionToken, key.sessionToken != nil || claim.sessionToken != nil {
                throw SigV4.Failure.badToken
            }
            try SigV4.verify(request, claim: claim, secret: key.secret, now: now)
            return .success(key)
        } catch {
            return .failure(Self.refusal(error))
        }
    }

    static func refusal(_ failure: SigV4.Failure) -> Refusal {
        switch failure {
        case .missing:
            return Refusal(name: "MissingAuthenticationTokenException", message: "Missing Authentication Token")
        case .incomplete(let why) where why.hasPrefix("Credential should be scoped"):
            return Refusal(name: "InvalidSignatureException", message: why)
        case .incomplete(let why):
            return Refusal(name: "IncompleteSignatureException", message: why)
        case .unknownKey, .badToken:
            return Refusal(name: "UnrecognizedClientException", message: "The security token included in the request is invalid.")
        case .mismatch(let canonical, let toSign):
            return Refusal(
                name: "InvalidSignatureException",
                message: """
                    The request signature we calculated does not match the signature you provided. Check your AWS Secret \
                    Access Key and signing method. Consult the service documentation for details.

                    The Canonical String for this request should have been
                    '\(canonical)'

                    The String-to-Sign should have been
                    '\(toSign)'

                    """)
        case .expired(let why):
            return Refusal(name: "InvalidSignatureException", message: why)
        }
    }

    /// The user a key acts as, as IAM names it in its messages.
    public func userArn(_ key: CredentialsFile.Key) -> String { "arn:aws:iam::\(account):user/\(key.profile)" }

    /// `nil` when the key's policy allows `action` on `resource`; else AWS's `AccessDeniedException`.
    public func authorize(_ key: CredentialsFile.Key, action: String, resource: String) -> Refusal? {
        switch key.policy.evaluate(action: action, resource: resource) {
        case .allowed:
            return nil
        case .explicitlyDenied:
            return Refusal(
                name: "AccessDeniedException",
                message:
                    "User: \(userArn(key)) is not authorized to perform: \(action) on resource: \(resource) with an explicit deny in an identity-based policy"
            )
        case .implicitlyDenied:
            return Refusal(
                name: "AccessDeniedException",
                message:
                    "User: \(userArn(key)) is not authorized to perform: \(action) on resource: \(resource) because no identity-based policy allows the \(action) action"
            )
        }
    }
}
