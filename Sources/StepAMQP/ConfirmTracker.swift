/// Publisher-confirm bookkeeping for one channel in confirm mode: which sequence numbers the broker has
/// settled (`basic.ack` / `basic.nack`, each possibly `multiple`), which it refused, which it returned.
struct ConfirmTracker {
    /// The last sequence number handed out (the first publish after `confirm.select` is 1).
    private(set) var published: UInt64 = 0
    /// Every sequence number up to this one is settled.
    private(set) var settledThrough: UInt64 = 0
    /// Settled sequence numbers above `settledThrough` (acknowledged out of order).
    private var settledAbove: Set<UInt64> = []
    /// Refused sequence numbers, until taken.
    private(set) var nacked: Set<UInt64> = []
    /// Messages the broker returned (`basic.return`), until taken.
    var returned: [AMQPReturnedMessage] = []

    /// Hands out the next sequence number.
    mutating func next() -> UInt64 {
        published += 1
        return published
    }

    /// Whether every published message is settled.
    var allSettled: Bool { settledThrough >= published }

    /// Records a `basic.ack` (`nack` false) or `basic.nack` (`nack` true).
    mutating func settle(tag: UInt64, multiple: Bool, nack: Bool) {
        let tag = min(multiple && tag == 0 ? published : tag, published)
        guard tag > settledThrough else { return }
        if multiple {
            if nack {
                for seq in (settledThrough + 1)...tag where !settledAbove.contains(seq) { nacked.insert(seq) }
            }
            settledThrough = tag
            if !settledAbove.isEmpty { settledAbove = settledAbove.filter { $0 > tag } }
        } else {
            guard settledAbove.insert(tag).inserted else { return }
            if nack { nacked.insert(tag) }
        }
        while settledAbove.remove(settledThrough + 1) != nil { settledThrough += 1 }
    }

    /// Removes and returns the refused sequence numbers in `range`.
    mutating func takeNacked(in range: ClosedRange<UInt64>) -> [UInt64] {
        guard !nacked.isEmpty else { return [] }
        let taken = nacked.filter { range.contains($0) }
        nacked.subtract(taken)
        return taken.sorted()
    }

    /// Removes and returns every refused sequence number.
    mutating func takeAllNacked() -> [UInt64] {
        defer { nacked.removeAll() }
        return nacked.sorted()
    }
}
