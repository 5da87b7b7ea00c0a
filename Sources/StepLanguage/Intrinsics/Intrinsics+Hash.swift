import Crypto
import StepJSON

extension Intrinsics {
    /// The algorithm names `States.Hash` accepts, exactly as written.
    enum HashAlgorithm: String, CaseIterable {
        case md5 = "MD5"
        case sha1 = "SHA-1"
        case sha256 = "SHA-256"
        case sha384 = "SHA-384"
        case sha512 = "SHA-512"

        func digest(_ bytes: [UInt8]) -> [UInt8] {
            switch self {
            case .md5: return Array(Insecure.MD5.hash(data: bytes))
            case .sha1: return Array(Insecure.SHA1.hash(data: bytes))
            case .sha256: return Array(SHA256.hash(data: bytes))
            case .sha384: return Array(SHA384.hash(data: bytes))
            case .sha512: return Array(SHA512.hash(data: bytes))
            }
        }
    }

    /// `States.Hash(data, algorithm)`: the lowercase hex digest of the UTF-8 bytes of `data`.
    /// A non-string `data` is hashed in its printed Java form (AWS hashes `123` as `"123"`);
    /// `data` may hold at most 10,000 characters.
    static func hash(_ data: JSON, _ algorithmValue: JSON) throws(IntrinsicFailure) -> JSON {
        guard case .string(let name) = algorithmValue, let algorithm = HashAlgorithm(rawValue: name) else {
            throw .invalid(.hash)
        }
        let text: String
        if case .string(let s) = data { text = s } else { text = Java.string(data) }
        guard text.utf16.count <= maximumInputLength else { throw .invalid(.hash) }
        return .string(hex(algorithm.digest(Array(text.utf8))))
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
