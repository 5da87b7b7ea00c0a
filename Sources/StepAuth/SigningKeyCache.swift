import Crypto
import Synchronization

/// The signing keys derived lately, by secret, date, region and service. A key changes only with the
/// date, so a handful serve every request of a day; past `limit` entries the cache starts again.
final class SigningKeyCache: Sendable {
    private struct Scope: Hashable {
        var secret: String
        var date: String
        var region: String
        var service: String
    }

    /// The keys' bytes (`SymmetricKey` is not `Sendable`).
    private let keys = Mutex<[Scope: [UInt8]]>([:])
    private let limit: Int

    init(limit: Int = 256) { self.limit = limit }

    func key(secret: String, date: String, region: String, service: String) -> SymmetricKey {
        let scope = Scope(secret: secret, date: date, region: region, service: service)
        if let known = keys.withLock({ $0[scope] }) { return SymmetricKey(data: known) }
        let key = SigV4.deriveSigningKey(secret: secret, date: date, region: region, service: service)
        let bytes = key.withUnsafeBytes { Array($0) }
        keys.withLock { cache in
            if cache.count >= limit { cache.removeAll(keepingCapacity: true) }
            cache[scope] = bytes
        }
        return key
    }
}
