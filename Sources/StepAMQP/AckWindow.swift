/// The deliveries of one subscription (one channel) not yet settled, to acknowledge them in as few frames as
/// possible: acknowledgements queued together that cover the oldest unsettled deliveries go out as one
/// `basic.ack` with `multiple`; the others go out one by one at once (never held back). Settling a tag twice,
/// or one never delivered, is ignored (the broker would close the channel for it).
package struct AckWindow {
    /// Delivered tags in delivery order (increasing), from `head` on.
    private var delivered: [UInt64] = []
    private var head = 0
    /// Delivered tags already settled with the broker, or queued to be acknowledged.
    private var settled: Set<UInt64> = []
    /// Acknowledgements queued since the last flush.
    private var queued: [UInt64] = []

    package init() {}

    /// Records a delivery (tags grow on a channel).
    package mutating func delivered(_ tag: UInt64) {
        delivered.append(tag)
    }

    /// Whether `tag` was delivered and is not settled or queued yet.
    package func isUnsettled(_ tag: UInt64) -> Bool {
        guard !settled.contains(tag) else { return false }
        var low = head
        var high = delivered.count
        while low < high {
            let mid = (low + high) / 2
            if delivered[mid] < tag { low = mid + 1 } else { high = mid }
        }
        return low < delivered.count && delivered[low] == tag
    }

    /// Queues an acknowledgement; false (and nothing queued) when `tag` is not unsettled.
    @discardableResult
    package mutating func queueAck(_ tag: UInt64) -> Bool {
        guard isUnsettled(tag) else { return false }
        settled.insert(tag)
        queued.append(tag)
        return true
    }

    /// Records a delivery settled by other means (`basic.nack`, `basic.reject`) just sent; false when `tag`
    /// is not unsettled (then it must not be sent).
    @discardableResult
    package mutating func settleNow(_ tag: UInt64) -> Bool {
        guard isUnsettled(tag) else { return false }
        settled.insert(tag)
        return true
    }

    /// Whether acknowledgements are queued.
    package var hasQueued: Bool { !queued.isEmpty }

    /// The `basic.ack` frames for the queued acknowledgements: (tag, multiple).
    package mutating func flush() -> [(tag: UInt64, multiple: Bool)] {
        guard !queued.isEmpty else { return [] }
        let pending = Set(queued)
        queued.removeAll(keepingCapacity: true)
        // Advance over the settled prefix; the newest queued tag in it acknowledges all of it at once.
        var top: UInt64?
        var covered = 0
        while head < delivered.count, settled.remove(delivered[head]) != nil {
            if pending.contains(delivered[head]) {
                top = delivered[head]
                covered += 1
            }
            head += 1
        }
        if head == delivered.count {
            delivered.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 4096 {
            delivered.removeFirst(head)
            head = 0
        }
        var frames: [(tag: UInt64, multiple: Bool)] = []
        if let top { frames.append((top, covered > 1)) }
        // Queued tags behind an older unsettled delivery: one by one (they stay marked as settled).
        for tag in pending.sorted() where settled.contains(tag) { frames.append((tag, false)) }
        return frames
    }
}
