import Foundation
import Testing

@testable import StepAuth

/// Seeded random and mutated requests: the verifier refuses or accepts, never crashes, and never accepts
/// a request that differs from the one signed.
@Suite struct SigV4FuzzTests {
    static var iterations: Int { Int(ProcessInfo.processInfo.environment["STEPLINE_FUZZ_ITERATIONS"] ?? "") ?? 2000 }

    struct Rng {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    let authenticator = APIAuthenticator(
        keys: [
            "AKIDEXAMPLE": CredentialsFile.Key(profile: "p", accessKey: "AKIDEXAMPLE", secret: "s3cret", sessionToken: nil, policy: .admin)
        ],
        account: "111111111111")

    static let junk = [
        "AWS4-HMAC-SHA256", "Credential=", "AKIDEXAMPLE/", "20261203/", "us-east-1/", "states/", "aws4_request", ",", " ",
        "SignedHeaders=", "host;x-amz-date", "Signature=", "deadbeef", "=", "/", "%", "%zz", "\u{0}", "é", "X-Amz-Date", "T", "Z",
    ]

    @Test func randomAuthorizationHeadersAreRefusedNotCrashing() {
        for seed in 0..<UInt64(Self.iterations) {
            var rng = Rng(state: seed)
            var header = ""
            for _ in 0..<Int(rng.next() % 16) { header += Self.junk[Int(rng.next() % UInt64(Self.junk.count))] }
            let query = (0..<Int(rng.next() % 4)).map { _ in Self.junk[Int(rng.next() % UInt64(Self.junk.count))] }.joined(separator: "&")
            let request = SigV4Request(
                method: "POST", path: "/" + Self.junk[Int(rng.next() % UInt64(Self.junk.count))], query: query,
                headers: [("Host", "h"), ("Authorization", header), ("X-Amz-Date", "20261203T000000Z")],
                body: Array(header.utf8))
            if case .success = authenticator.authenticate(request) {
                Issue.record("seed \(seed): a random header was accepted: \(header)")
            }
        }
    }

    @Test func noMutationOfASignedRequestIsAccepted() {
        for seed in 0..<UInt64(Self.iterations / 4) {
            var rng = Rng(state: seed)
            var r = SigV4Request(
                method: "POST", path: "/", query: "",
                headers: [("Host", "127.0.0.1:8083"), ("X-Amz-Target", "AWSStepFunctions.StartExecution")],
                body: Array(#"{"stateMachineArn":"arn:aws:states:us-east-1:1:stateMachine:m","input":"{}"}"#.utf8))
            SigV4.sign(&r, accessKey: "AKIDEXAMPLE", secret: "s3cret", region: "us-east-1", service: "states")
            guard case .success = authenticator.authenticate(r) else {
                Issue.record("seed \(seed): the signed request was refused")
                continue
            }
            switch rng.next() % 4 {
            case 0: r.body[Int(rng.next() % UInt64(r.body.count))] ^= UInt8(1 + rng.next() % 255)
            case 1: r.path = "/x"
            case 2: r.headers = r.headers.map { $0.name == "X-Amz-Target" ? ($0.name, $0.value + "s") : $0 }
            default: r.query = "a=\(rng.next())"
            }
            if case .success = authenticator.authenticate(r) { Issue.record("seed \(seed): a mutated request was accepted") }
        }
    }
}
