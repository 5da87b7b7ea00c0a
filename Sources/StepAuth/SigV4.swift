import Crypto
import Foundation

/// AWS Signature Version 4, as a service checks it: the canonical request, the string to sign, the
/// signing key derived from the secret, in the `Authorization` header form and the presigned query form.
/// The hashes and HMACs are swift-crypto's.
public enum SigV4 {
    public static let algorithm = "AWS4-HMAC-SHA256"
    /// How far the request's date may be from the server's clock.
    public static let allowedSkew: TimeInterval = 15 * 60

    /// What a request claims about its signature, read from its header or its query.
    public struct Claim: Sendable, Equatable {
        public var accessKey: String
        /// `yyyyMMdd`.
        public var date: String
        public var region: String
        public var service: String
        public var signedHeaders: [String]
        public var signature: String
        /// `yyyyMMdd'T'HHmmss'Z'`.
        public var timestamp: String
        /// Seconds the presigned URL stays valid; `nil` for the header form.
        public var expires: Int?
        public var sessionToken: String?

        public var scope: String { "\(date)/\(region)/\(service)/aws4_request" }
    }

    /// Why a request's signature is refused, with AWS's error names.
    public enum Failure: Error, Sendable, Equatable {
        /// Neither an `Authorization` header nor `X-Amz-Signature`.
        case missing
        /// A signature that does not follow SigV4's form (`IncompleteSignatureException`).
        case incomplete(String)
        /// An access key that no profile holds.
        case unknownKey
        case mismatch(canonicalRequest: String, stringToSign: String)
        case expired(String)
        case badToken
    }

    /// Reads the claim of a request.
    public static func claim(of request: SigV4Request) throws(Failure) -> Claim {
        if let authorization = request.header("authorization") {
            guard authorization.hasPrefix(algorithm + " ") else {
                throw .incomplete("Authorization header requires '\(algorithm)' as its algorithm")
            }
            var fields: [String: String] = [:]
            for part in pieces(authorization.dropFirst(algorithm.count + 1), at: UInt8(ascii: ",")) {
                let field = trimmed(String(part))
                guard let eq = field.utf8.firstIndex(of: UInt8(ascii: "=")) else { continue }
                let (name, value) = (field[..<eq], field[field.utf8.index(after: eq)...])
                if !name.isEmpty, !value.isEmpty { fields[String(name)] = String(value) }
            }
            guard let credential = fields["Credential"], let signed = fields["SignedHeaders"], let signature = fields["Signature"]
            else {
                throw .incomplete(
                    "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters. Authorization=\(authorization)"
                )
            }
            guard let timestamp = request.header("x-amz-date") else {
                throw .incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
            }
            return try makeClaim(
                credential: credential, signedHeaders: signed, signature: signature, timestamp: timestamp, expires: nil,
                token: request.header("x-amz-security-token"))
        }
        let items = Dictionary(request.queryItems.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        guard let signature = items["X-Amz-Signature"] else { throw .missing }
        guard items["X-Amz-Algorithm"] == algorithm, let credential = items["X-Amz-Credential"],
            let signed = items["X-Amz-SignedHeaders"], let timestamp = items["X-Amz-Date"]
        else { throw .incomplete("a presigned request needs X-Amz-Algorithm, X-Amz-Credential, X-Amz-SignedHeaders and X-Amz-Date") }
        return try makeClaim(
            credential: credential, signedHeaders: signed, signature: signature, timestamp: timestamp,
            expires: Int(items["X-Amz-Expires"] ?? "") ?? 900, token: items["X-Amz-Security-Token"])
    }

    static func makeClaim(
        credential: String, signedHeaders: String, signature: String, timestamp: String, expires: Int?, token: String?
    ) throws(Failure) -> Claim {
        let parts = pieces(credential, at: UInt8(ascii: "/")).map(String.init)
        guard parts.count == 5, parts[4] == "aws4_request", !parts[0].isEmpty else {
            throw .incomplete("Credential should be scoped correctly: \(credential)")
        }
        return Claim(
            accessKey: parts[0], date: parts[1], region: parts[2], service: parts[3],
            signedHeaders: pieces(signedHeaders, at: UInt8(ascii: ";")).filter { !$0.isEmpty }.map { $0.lowercased() },
            signature: signature.lowercased(),
            timestamp: timestamp, expires: expires, sessionToken: token)
    }

    /// Checks the claim's signature with `secret`, and its date against `now`.
    public static func verify(_ request: SigV4Request, claim: Claim, secret: String, now: Date) throws(Failure) {
        guard let signedAt = parseTimestamp(claim.timestamp), claim.timestamp.hasPrefix(claim.date) else {
            throw .incomplete("Date must be in ISO-8601 'basic format'. Got '\(claim.timestamp)'.")
        }
        if let expires = claim.expires {
            if now > signedAt.addingTimeInterval(TimeInterval(expires)) { throw .expired("Request has expired") }
            if signedAt > now.addingTimeInterval(allowedSkew) { throw .expired(skewMessage(claim.timestamp, now)) }
        } else if abs(now.timeIntervalSince(signedAt)) > allowedSkew {
            throw .expired(skewMessage(claim.timestamp, now))
        }
        guard claim.signedHeaders.contains("host") else {
            throw .incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
        }
        let canonical = canonicalRequest(request, claim: claim)
        let toSign = stringToSign(canonical, claim: claim)
        let key = signingKey(secret: secret, date: claim.date, region: claim.region, service: claim.service)
        let expected = hex(HMAC<SHA256>.authenticationCode(for: Array(toSign.utf8), using: key))
        guard constantTimeEqual(expected, claim.signature) else {
            throw .mismatch(canonicalRequest: canonical, stringToSign: toSign)
        }
    }

    static func skewMessage(_ timestamp: String, _ now: Date) -> String {
        let earliest = formatTimestamp(now.addingTimeInterval(-allowedSkew))
        let latest = formatTimestamp(now.addingTimeInterval(allowedSkew))
        let current = formatTimestamp(now)
        if let t = parseTimestamp(timestamp), t > now {
            return "Signature not yet current: \(timestamp) is still later than \(latest) (\(current) + 15 min.)"
        }
        return "Signature expired: \(timestamp) is now earlier than \(earliest) (\(current) - 15 min.)"
    }

    /// The canonical request: method, URI, query, headers, signed header names and the body's hash.
    public static func canonicalRequest(_ request: SigV4Request, claim: Claim) -> String {
        var headerLines = ""
        for name in claim.signedHeaders {
            headerLines += "\(name):\(request.header(name) ?? "")\n"
        }
        let presigned = claim.expires != nil
        var query = request.queryItems
        if presigned { query.removeAll { $0.name == "X-Amz-Signature" } }
        let encoded: [(String, String)] = query.map { (encode($0.name), encode($0.value)) }
        let sorted = encoded.sorted { (a: (String, String), b: (String, String)) -> Bool in
            a.0 == b.0 ? a.1 < b.1 : a.0 < b.0
        }
        let canonicalQuery = sorted.map { (pair: (String, String)) -> String in pair.0 + "=" + pair.1 }.joined(separator: "&")
        let payload: String
        if request.header("x-amz-content-sha256") == "UNSIGNED-PAYLOAD", presigned || request.body.isEmpty {
            payload = "UNSIGNED-PAYLOAD"
        } else {
            payload = hex(SHA256.hash(data: request.body))
        }
        return [
            request.method.uppercased(), canonicalURI(request.path), canonicalQuery, headerLines,
            claim.signedHeaders.joined(separator: ";"), payload,
        ].joined(separator: "\n")
    }

    public static func stringToSign(_ canonicalRequest: String, claim: Claim) -> String {
        [algorithm, claim.timestamp, claim.scope, hex(SHA256.hash(data: Array(canonicalRequest.utf8)))].joined(separator: "\n")
    }

    /// `HMAC("AWS4" + secret, date) → region → service → "aws4_request"`, remembered for the day (as
    /// AWS's own SDKs keep it: deriving it is four HMACs on every request).
    public static func signingKey(secret: String, date: String, region: String, service: String) -> SymmetricKey {
        signingKeys.key(secret: secret, date: date, region: region, service: service)
    }

    static let signingKeys = SigningKeyCache()

    static func deriveSigningKey(secret: String, date: String, region: String, service: String) -> SymmetricKey {
        var key = SymmetricKey(data: Array(("AWS4" + secret).utf8))
        for part in [date, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        return key
    }

    /// Signs a request as a client would (for `stepline status` and tests): adds `X-Amz-Date` and
    /// `Authorization`, signing `host`, `x-amz-date` and any `x-amz-*` headers present.
    public static func sign(
        _ request: inout SigV4Request, accessKey: String, secret: String, region: String, service: String, now: Date = Date()
    ) {
        let timestamp = formatTimestamp(now)
        request.headers.removeAll { ["authorization", "x-amz-date"].contains($0.name.lowercased()) }
        request.headers.append(("X-Amz-Date", timestamp))
        let names = Set(request.headers.map { $0.name.lowercased() }).filter {
            $0 == "host" || $0.hasPrefix("x-amz-") || $0 == "content-type"
        }
        let claim = Claim(
            accessKey: accessKey, date: String(timestamp.prefix(8)), region: region, service: service,
            signedHeaders: names.sorted(), signature: "", timestamp: timestamp, expires: nil, sessionToken: nil)
        let toSign = stringToSign(canonicalRequest(request, claim: claim), claim: claim)
        let key = signingKey(secret: secret, date: claim.date, region: region, service: service)
        let signature = hex(HMAC<SHA256>.authenticationCode(for: Array(toSign.utf8), using: key))
        request.headers.append(
            (
                "Authorization",
                "\(algorithm) Credential=\(accessKey)/\(claim.scope), SignedHeaders=\(claim.signedHeaders.joined(separator: ";")), Signature=\(signature)"
            ))
    }

    // MARK: Encoding

    /// The path as SigV4 canonicalises it for every service but S3: dot segments removed, then each byte
    /// outside the unreserved set percent-encoded (the path arrives encoded once, so it is encoded twice).
    static func canonicalURI(_ path: String) -> String {
        let bare = path.isEmpty ? "/" : path
        var segments: [Substring] = []
        for segment in bare.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            if segment == "." { continue }
            if segment == ".." {
                if !segments.isEmpty { segments.removeLast() }
                continue
            }
            segments.append(segment)
        }
        var normalized = "/" + segments.joined(separator: "/")
        if normalized.count > 1, normalized.hasSuffix("//") { normalized.removeLast() }
        return encode(normalized, keepSlash: true)
    }

    /// Whether each byte is one of RFC 3986's unreserved characters.
    static let unreserved: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8 { table[Int(b)] = true }
        return table
    }()

    /// RFC 3986 percent-encoding of everything but the unreserved characters (and `/` when asked).
    static func encode(_ s: String, keepSlash: Bool = false) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        for b in s.utf8 {
            if unreserved[Int(b)] || (keepSlash && b == UInt8(ascii: "/")) {
                out.append(b)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(upperDigits[Int(b >> 4)])
                out.append(upperDigits[Int(b & 0x0f)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func percentDecoded(_ s: String) -> String {
        var bytes: [UInt8] = []
        var i = s.utf8.startIndex
        let utf8 = s.utf8
        while i < utf8.endIndex {
            let b = utf8[i]
            if b == UInt8(ascii: "%"), let h1 = utf8.index(i, offsetBy: 1, limitedBy: utf8.endIndex), h1 < utf8.endIndex,
                let h2 = utf8.index(i, offsetBy: 2, limitedBy: utf8.endIndex), h2 < utf8.endIndex,
                let v = UInt8(String(decoding: [utf8[h1], utf8[h2]], as: UTF8.self), radix: 16)
            {
                bytes.append(v)
                i = utf8.index(i, offsetBy: 3)
            } else {
                bytes.append(b)
                i = utf8.index(after: i)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The value with leading and trailing blanks removed and each run of blanks inside made one space.
    static func trimmed(_ value: String) -> String {
        var clean = true
        var previousBlank = true
        for b in value.utf8 {
            let blank = b == UInt8(ascii: " ") || b == UInt8(ascii: "\t")
            if blank && (previousBlank || b == UInt8(ascii: "\t")) {
                clean = false
                break
            }
            previousBlank = blank
        }
        if clean && !previousBlank || value.isEmpty { return value }
        return value.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    static let lowerDigits = Array("0123456789abcdef".utf8)
    static let upperDigits = Array("0123456789ABCDEF".utf8)

    /// `s` cut at each `separator` byte, empty pieces kept (a byte search: `String.split` walks
    /// Characters, which cost more here than the hashes).
    static func pieces<S: StringProtocol>(_ s: S, at separator: UInt8) -> [S.SubSequence] {
        var out: [S.SubSequence] = []
        var start = s.startIndex
        var i = s.utf8.startIndex
        while i < s.utf8.endIndex {
            if s.utf8[i] == separator {
                out.append(s[start..<i])
                start = s.utf8.index(after: i)
            }
            i = s.utf8.index(after: i)
        }
        out.append(s[start...])
        return out
    }

    /// Lower-case hexadecimal, two digits a byte (through a table: formatting each byte cost more than
    /// the hashes it printed).
    static func hex<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for b in bytes {
            out.append(lowerDigits[Int(b >> 4)])
            out.append(lowerDigits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func hex(_ digest: SHA256.Digest) -> String { hex(Array(digest)) }
    static func hex(_ code: HashedAuthenticationCode<SHA256>) -> String { hex(Array(code)) }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }

    static func parseTimestamp(_ s: String) -> Date? {
        let u = Array(s.utf8)
        guard u.count == 16, u[8] == UInt8(ascii: "T"), u[15] == UInt8(ascii: "Z") else { return nil }
        func n(_ r: Range<Int>) -> Int? { Int(String(decoding: u[r], as: UTF8.self)) }
        guard let y = n(0..<4), let mo = n(4..<6), let d = n(6..<8), let h = n(9..<11), let mi = n(11..<13), let se = n(13..<15)
        else { return nil }
        guard (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, se < 61 else { return nil }
        var parts = tm()
        parts.tm_year = Int32(y - 1900)
        parts.tm_mon = Int32(mo - 1)
        parts.tm_mday = Int32(d)
        parts.tm_hour = Int32(h)
        parts.tm_min = Int32(mi)
        parts.tm_sec = Int32(se)
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }

    static func formatTimestamp(_ date: Date) -> String {
        var t = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&t, &parts)
        return String(
            format: "%04d%02d%02dT%02d%02d%02dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday, parts.tm_hour,
            parts.tm_min, parts.tm_sec)
    }
}
