import Foundation

/// The API's keys, in the format of `~/.aws/credentials`: one `[profile]` per key with
/// `aws_access_key_id`, `aws_secret_access_key`, an optional `aws_session_token`, and `stepline_policy`
/// naming what the key may do (`admin`, `operator`, `readonly`, or a JSON policy file).
public struct CredentialsFile: Sendable {
    /// One key and what it may do.
    public struct Key: Sendable, Equatable {
        public var profile: String
        public var accessKey: String
        public var secret: String
        public var sessionToken: String?
        public var policy: IAMPolicy
    }

    public var path: String
    public var keys: [String: Key]

    /// A file that cannot be used, in words for the operator.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var description: String
        init(_ d: String) { description = d }
    }

    /// Reads and checks a file: readable by its owner only (as ssh insists for its keys), every profile
    /// complete, every policy valid.
    public static func load(_ path: String) throws(Problem) -> CredentialsFile {
        var info = stat()
        guard stat(path, &info) == 0 else { throw Problem("cannot read the credentials file '\(path)'") }
        if info.st_mode & 0o077 != 0 {
            throw Problem(
                "the credentials file '\(path)' is readable by others (mode \(String(info.st_mode & 0o777, radix: 8))); run chmod 600 '\(path)'"
            )
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Problem("cannot read the credentials file '\(path)'")
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var keys: [String: Key] = [:]
        for (profile, fields) in try parse(String(decoding: data, as: UTF8.self), path: path) {
            guard let id = fields["aws_access_key_id"], let secret = fields["aws_secret_access_key"], !id.isEmpty, !secret.isEmpty
            else { throw Problem("\(path): [\(profile)] needs aws_access_key_id and aws_secret_access_key") }
            var policy = IAMPolicy.denyAll
            do throws(IAMPolicy.Problem) {
                if let name = fields["stepline_policy"] { policy = try IAMPolicy.named(name, relativeTo: directory) }
            } catch {
                throw Problem("\(path): [\(profile)] stepline_policy: \(error.description)")
            }
            if keys[id] != nil { throw Problem("\(path): the access key of [\(profile)] is given twice") }
            keys[id] = Key(
                profile: profile, accessKey: id, secret: secret, sessionToken: fields["aws_session_token"], policy: policy)
        }
        if keys.isEmpty { throw Problem("the credentials file '\(path)' holds no key") }
        return CredentialsFile(path: path, keys: keys)
    }

    /// `[profile]` sections of `key = value` lines; `#` and `;` start comments.
    static func parse(_ text: String, path: String) throws(Problem) -> [(String, [String: String])] {
        var out: [(String, [String: String])] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                var name = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                if name.hasPrefix("profile ") { name = String(name.dropFirst(8)).trimmingCharacters(in: .whitespaces) }
                out.append((name, [:]))
                continue
            }
            guard let eq = line.firstIndex(of: "="), !out.isEmpty else {
                throw Problem("\(path): line \(n + 1): expected [profile] or key = value")
            }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            out[out.count - 1].1[key] = value
        }
        return out
    }

    /// Writes a new file with one generated key with the `admin` policy, mode 0600, failing if it exists.
    public static func generate(at path: String) throws(Problem) -> Key {
        let id = "AKIA" + random(16, from: "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        let secret = random(40, from: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        let text = """
            # Keys of the Stepline API (AWS Signature V4), in ~/.aws/credentials format. Generated on first start.
            # stepline_policy: admin, operator, readonly, or a JSON IAM policy file. Keep this file mode 0600.
            [default]
            aws_access_key_id = \(id)
            aws_secret_access_key = \(secret)
            stepline_policy = admin

            """
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Problem("cannot create the credentials file '\(path)': \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        guard write(fd, bytes, bytes.count) == bytes.count else { throw Problem("cannot write the credentials file '\(path)'") }
        return Key(profile: "default", accessKey: id, secret: secret, sessionToken: nil, policy: .admin)
    }

    static func random(_ count: Int, from alphabet: String) -> String {
        let chars = Array(alphabet)
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in chars[Int(generator.next() % UInt64(chars.count))] })
    }
}
