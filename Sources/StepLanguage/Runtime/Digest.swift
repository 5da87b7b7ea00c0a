import Crypto

/// Hex digests for integrations that report them (SQS's `MD5OfMessageBody`).
public enum Digest {
    public static func md5Hex(_ text: String) -> String {
        Insecure.MD5.hash(data: Array(text.utf8)).map { b in
            let s = String(b, radix: 16)
            return s.count == 1 ? "0" + s : s
        }.joined()
    }
}
