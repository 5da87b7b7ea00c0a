import Synchronization

/// The bytes of request bodies being received at once, on every connection of one listener, held under
/// one limit: a body that would pass it is refused (503 `ThrottlingException`) instead of buffered, so the
/// listener's memory stays bounded whatever all its clients send together.
final class BodyBudget: Sendable {
    let limit: Int
    private let used = Atomic<Int>(0)

    init(limit: Int) { self.limit = limit }

    /// Takes `bytes` from the budget; `false` (taking nothing) when they do not fit.
    func take(_ bytes: Int) -> Bool {
        var current = used.load(ordering: .relaxed)
        while true {
            guard current + bytes <= limit else { return false }
            let (exchanged, original) = used.compareExchange(
                expected: current, desired: current + bytes, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
    }

    func giveBack(_ bytes: Int) {
        used.subtract(bytes, ordering: .relaxed)
    }

    /// Bytes held now.
    var held: Int { used.load(ordering: .relaxed) }
}
