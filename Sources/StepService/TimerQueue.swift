import HeapModule
import StepLanguage

/// Pending timers ordered by due time: swift-collections' min-max `Heap`, so 10,000 parked executions
/// cost 10,000 small entries and no task or thread each.
struct TimerQueue {
    struct Entry: Comparable {
        var due: Timestamp
        var execution: Int64
        var timer: Int

        /// By due time; entries due at the same moment in a fixed order (execution, then timer).
        static func < (a: Entry, b: Entry) -> Bool {
            (a.due, a.execution, a.timer) < (b.due, b.execution, b.timer)
        }
    }

    private var heap = Heap<Entry>()

    var count: Int { heap.count }
    var next: Entry? { heap.min }

    mutating func insert(_ e: Entry) { heap.insert(e) }

    mutating func popFirst() -> Entry? { heap.popMin() }
}
