import StepAMQP
import Testing

@Suite struct AckWindowTests {
    private func window(delivering tags: ClosedRange<UInt64>) -> AckWindow {
        var w = AckWindow()
        for tag in tags { w.delivered(tag) }
        return w
    }

    @Test func inOrderAcksCoalesceIntoOneMultiple() {
        var w = window(delivering: 1...10)
        for tag in UInt64(1)...5 { let ok = w.queueAck(tag); #expect(ok) }
        let frames = w.flush()
        #expect(frames.count == 1)
        #expect(frames.first?.tag == 5)
        #expect(frames.first?.multiple == true)
        do { let ok = w.queueAck(6); #expect(ok) }
        let single = w.flush()
        #expect(single.count == 1)
        #expect(single.first?.tag == 6)
        #expect(single.first?.multiple == false)
    }

    @Test func acksBehindAnUnsettledDeliveryGoOutAlone() {
        var w = window(delivering: 1...5)
        do { let ok = w.queueAck(2); #expect(ok) }
        do { let ok = w.queueAck(3); #expect(ok) }
        let frames = w.flush()
        #expect(frames.map(\.tag) == [2, 3])
        #expect(frames.allSatisfy { !$0.multiple })
        // Once 1 is acknowledged, the prefix 1...3 is settled, but only 1 needs a frame.
        do { let ok = w.queueAck(1); #expect(ok) }
        let next = w.flush()
        #expect(next.count == 1)
        #expect(next.first?.tag == 1)
        #expect(next.first?.multiple == false)
        do { let ok = w.queueAck(4); #expect(ok) }
        do { let ok = w.queueAck(5); #expect(ok) }
        let last = w.flush()
        #expect(last.count == 1)
        #expect(last.first?.tag == 5)
        #expect(last.first?.multiple == true)
    }

    @Test func nackedDeliveriesInsideThePrefixAreNotAcknowledged() {
        var w = window(delivering: 1...4)
        do { let ok = w.settleNow(2); #expect(ok) }
        do { let ok = w.queueAck(1); #expect(ok) }
        do { let ok = w.queueAck(3); #expect(ok) }
        let frames = w.flush()
        // 3 with multiple covers 1 and 3; 2 is already settled (nacked) with the broker, unaffected.
        #expect(frames.count == 1)
        #expect(frames.first?.tag == 3)
        #expect(frames.first?.multiple == true)
    }

    @Test func doubleAndUnknownSettlementsAreIgnored() {
        var w = window(delivering: 1...3)
        do { let ok = w.queueAck(2); #expect(ok) }
        do { let ok = w.queueAck(2); #expect(!ok) }
        do { let ok = w.settleNow(2); #expect(!ok) }
        do { let ok = w.queueAck(99); #expect(!ok) }
        do { let ok = w.settleNow(0); #expect(!ok) }
        _ = w.flush()
        do { let ok = w.queueAck(2); #expect(!ok) }
        #expect(w.isUnsettled(1))
        #expect(w.isUnsettled(3))
        #expect(!w.hasQueued)
    }

    @Test func longRunsCompact() {
        var w = AckWindow()
        var sent: [UInt64] = []
        for tag in UInt64(1)...20_000 {
            w.delivered(tag)
            w.queueAck(tag)
            if tag % 7 == 0 { sent += w.flush().map(\.tag) }
        }
        sent += w.flush().map(\.tag)
        #expect(sent.last == 20_000)
        #expect(!w.isUnsettled(20_000))
    }
}
