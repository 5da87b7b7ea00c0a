import Foundation
import StepJSON
import Testing

@testable import StepAuth

/// IAM's evaluation: explicit deny wins, default deny, wildcards; and the credentials file's rules.
@Suite struct PolicyTests {
    @Test func wildcardsMatchAsIAMs() {
        #expect(IAMPolicy.wildcard("states:Describe*", "states:DescribeExecution"))
        #expect(IAMPolicy.wildcard("arn:aws:states:*:*:stateMachine:orders-*", "arn:aws:states:us-east-1:1:stateMachine:orders-eu"))
        #expect(!IAMPolicy.wildcard("arn:aws:states:*:*:stateMachine:orders-*", "arn:aws:states:us-east-1:1:stateMachine:billing"))
        #expect(IAMPolicy.wildcard("states:?tartExecution", "states:StartExecution"))
        #expect(IAMPolicy.wildcard("*", ""))
    }

    @Test func anExplicitDenyBeatsAnAllow() throws {
        let policy = try IAMPolicy(
            json: try JSON(
                parsing: """
                    {"Version": "2012-10-17", "Statement": [
                      {"Effect": "Allow", "Action": "states:*", "Resource": "*"},
                      {"Effect": "Deny", "Action": "states:DeleteStateMachine", "Resource": "arn:aws:states:*:*:stateMachine:keep-*"}]}
                    """))
        #expect(
            policy.evaluate(action: "states:DeleteStateMachine", resource: "arn:aws:states:us-east-1:1:stateMachine:keep-me")
                == .explicitlyDenied)
        #expect(policy.evaluate(action: "states:DeleteStateMachine", resource: "arn:aws:states:us-east-1:1:stateMachine:other") == .allowed)
        #expect(policy.evaluate(action: "lambda:InvokeFunction", resource: "*") == .implicitlyDenied)
    }

    @Test func actionsAreCaseInsensitive() throws {
        let policy = try IAMPolicy(json: ["Statement": ["Effect": "Allow", "Action": "STATES:describe*", "Resource": "*"]])
        #expect(policy.evaluate(action: "states:DescribeExecution", resource: "x") == .allowed)
    }

    @Test func theReadOnlyPolicyCannotStart() {
        #expect(IAMPolicy.readOnly.evaluate(action: "states:DescribeStateMachine", resource: "a") == .allowed)
        #expect(IAMPolicy.readOnly.evaluate(action: "states:StartExecution", resource: "a") == .implicitlyDenied)
        #expect(IAMPolicy.operator.evaluate(action: "states:StartExecution", resource: "a") == .allowed)
        #expect(IAMPolicy.operator.evaluate(action: "states:DeleteStateMachine", resource: "a") == .implicitlyDenied)
        #expect(IAMPolicy.denyAll.evaluate(action: "states:ListStateMachines", resource: "*") == .implicitlyDenied)
    }

    @Test func malformedPoliciesAreRefused() {
        #expect(throws: IAMPolicy.Problem.self) { try IAMPolicy(json: ["Statement": ["Effect": "Maybe", "Action": "*", "Resource": "*"]]) }
        #expect(throws: IAMPolicy.Problem.self) { try IAMPolicy(json: ["Statement": ["Effect": "Allow", "Resource": "*"]]) }
        #expect(throws: IAMPolicy.Problem.self) {
            try IAMPolicy(json: ["Statement": ["Effect": "Allow", "Action": "*", "Resource": "*", "Condition": [:]]])
        }
    }

    func file(_ text: String, mode: mode_t) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("creds-\(UUID().uuidString)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, mode)
        return path
    }

    @Test func aFileReadableByOthersIsRefused() throws {
        let path = try file("[a]\naws_access_key_id = AK\naws_secret_access_key = S\n", mode: 0o644)
        #expect {
            _ = try CredentialsFile.load(path)
        } throws: { error in
            (error as? CredentialsFile.Problem)?.description.contains("readable by others") == true
        }
    }

    @Test func profilesAndPoliciesAreRead() throws {
        let path = try file(
            "# keys\n[ops]\naws_access_key_id = AKOPS\naws_secret_access_key = S1\nstepline_policy = admin\n\n[profile viewer]\naws_access_key_id=AKVIEW\naws_secret_access_key=S2\nstepline_policy = readonly\n[nobody]\naws_access_key_id = AKNONE\naws_secret_access_key = S3\n",
            mode: 0o600)
        let f = try CredentialsFile.load(path)
        #expect(f.keys["AKOPS"]?.policy == .admin)
        #expect(f.keys["AKVIEW"]?.profile == "viewer")
        #expect(f.keys["AKVIEW"]?.policy == .readOnly)
        #expect(f.keys["AKNONE"]?.policy == .denyAll)
    }

    @Test func aGeneratedFileIsPrivateAndUsable() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gen-\(UUID().uuidString)").path
        let key = try CredentialsFile.generate(at: path)
        var info = stat()
        stat(path, &info)
        #expect(info.st_mode & 0o777 == 0o600)
        #expect(key.accessKey.hasPrefix("AKIA") && key.accessKey.count == 20 && key.secret.count == 40)
        #expect(try CredentialsFile.load(path).keys[key.accessKey]?.policy == .admin)
        #expect(throws: CredentialsFile.Problem.self) { _ = try CredentialsFile.generate(at: path) }
    }
}
