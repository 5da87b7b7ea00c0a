import Crypto
import Foundation
import Testing

@testable import StepAuth

/// SigV4 as AWS specifies it: the published test vectors, and what a verifier must refuse.
@Suite struct SigV4Tests {
    let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

    @Test func theSigningKeyMatchesAWSsExample() {
        let key = SigV4.signingKey(secret: secret, date: "20120215", region: "us-east-1", service: "iam")
        let hex = key.withUnsafeBytes { SigV4.hex(Array($0)) }
        #expect(hex == "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d")
    }

    /// `get-vanilla` from AWS's SigV4 test suite.
    @Test func getVanillaVerifies() throws {
        let request = SigV4Request(
            method: "GET", path: "/", query: "",
            headers: [
                ("Host", "example.amazonaws.com"), ("X-Amz-Date", "20150830T123600Z"),
                (
                    "Authorization",
                    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
                ),
            ], body: [])
        let claim = try SigV4.claim(of: request)
        let at = try #require(SigV4.parseTimestamp("20150830T123600Z"))
        try SigV4.verify(request, claim: claim, secret: secret, now: at.addingTimeInterval(60))
    }

    func signed(body: String = #"{"maxResults":10}"#, now: Date = Date()) -> SigV4Request {
        var r = SigV4Request(
            method: "POST", path: "/", query: "",
            headers: [
                ("Host", "127.0.0.1:8083"), ("Content-Type", "application/x-amz-json-1.0"),
                ("X-Amz-Target", "AWSStepFunctions.ListStateMachines"),
            ], body: Array(body.utf8))
        SigV4.sign(&r, accessKey: "AKIDEXAMPLE", secret: secret, region: "us-east-1", service: "states", now: now)
        return r
    }

    func verify(_ r: SigV4Request, secret: String? = nil, now: Date = Date()) throws(SigV4.Failure) {
        try SigV4.verify(r, claim: try SigV4.claim(of: r), secret: secret ?? self.secret, now: now)
    }

    @Test func aSignedRequestVerifies() throws {
        try verify(signed())
    }

    @Test func aDifferentBodyIsRefused() {
        var r = signed()
        r.body = Array(#"{"maxResults":1000}"#.utf8)
        #expect {
            try verify(r)
        } throws: { error in
            guard case SigV4.Failure.mismatch(let canonical, _)? = error as? SigV4.Failure else { return false }
            return canonical.hasPrefix("POST\n/\n\n")
        }
    }

    @Test func aChangedSignedHeaderIsRefused() {
        var r = signed()
        r.headers = r.headers.map { $0.name == "X-Amz-Target" ? ($0.name, "AWSStepFunctions.DeleteStateMachine") : $0 }
        #expect(throws: SigV4.Failure.self) { try verify(r) }
    }

    @Test func theWrongSecretIsRefused() {
        #expect(throws: SigV4.Failure.self) { try verify(signed(), secret: "not-the-secret") }
    }

    @Test func aDateMoreThanFifteenMinutesOffIsRefused() {
        let old = Date().addingTimeInterval(-20 * 60)
        #expect {
            try verify(signed(now: old))
        } throws: { error in
            guard case SigV4.Failure.expired(let message)? = error as? SigV4.Failure else { return false }
            return message.hasPrefix("Signature expired: ")
        }
        // Ten minutes is within the allowed skew.
        #expect(throws: Never.self) { try verify(signed(now: Date().addingTimeInterval(-10 * 60))) }
    }

    @Test func noSignatureIsMissing() {
        let r = SigV4Request(method: "POST", path: "/", query: "", headers: [("Host", "h")], body: [])
        #expect(throws: SigV4.Failure.missing) { _ = try SigV4.claim(of: r) }
    }

    @Test func pathsAreEncodedTwiceAsForEveryServiceButS3() {
        #expect(
            SigV4.canonicalURI("/2015-03-31/functions/arn%3Aaws%3Alambda/invocations")
                == "/2015-03-31/functions/arn%253Aaws%253Alambda/invocations")
        #expect(SigV4.canonicalURI("") == "/")
        #expect(SigV4.canonicalURI("/a/./b/../c") == "/a/c")
    }

    @Test func queryParametersAreSortedAndEncoded() throws {
        var r = SigV4Request(
            method: "GET", path: "/2015-03-31/functions/", query: "Marker=b%20c&MaxItems=5", headers: [("Host", "h")], body: [])
        SigV4.sign(&r, accessKey: "AKIDEXAMPLE", secret: secret, region: "us-east-1", service: "lambda")
        try verify(r)
        let claim = try SigV4.claim(of: r)
        #expect(SigV4.canonicalRequest(r, claim: claim).split(separator: "\n")[2] == "Marker=b%20c&MaxItems=5")
    }
}
