import Synchronization

/// Open connections, in all and by client address, shared by every connection of one listener.
final class ConnectionCounts: Sendable {
    let maxTotal: Int
    let maxPerClient: Int
    private let counts = Mutex<(total: Int, byClient: [String: Int])>((0, [:]))

    init(maxTotal: Int, maxPerClient: Int) {
        self.maxTotal = maxTotal
        self.maxPerClient = maxPerClient
    }

    /// Counts a new connection from `client`; `false` (counting nothing) past either limit.
    func admit(_ client: String) -> Bool {
        counts.withLock { c in
            let mine = c.byClient[client, default: 0]
            guard c.total < maxTotal, mine < maxPerClient else { return false }
            c.total += 1
            c.byClient[client] = mine + 1
            return true
        }
    }

    func release(_ client: String) {
        counts.withLock { c in
            c.total -= 1
            let left = c.byClient[client, default: 1] - 1
            c.byClient[client] = left > 0 ? left : nil
        }
    }

    var open: Int { counts.withLock { $0.total } }
}
