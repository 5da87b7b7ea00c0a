import StepLanguage

/// Pending timers ordered by due time: a binary heap, so 10,000 parked executions cost 10,000 small
/// entries and no task or thread each.
struct TimerQueue {
    struct Entry {
        var due: Timestamp
        var execution: Int64
        var timer: Int
    }

    private var heap: [Entry] = []

    var count: Int { heap.count }
    var next: Entry? { heap.first }

    mutating func insert(_ e: Entry) {
        heap.append(e)
        var i = heap.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            guard heap[i].due < heap[p].due else { break }
            heap.swapAt(i, p)
            i = p
        }
    }

    mutating func popFirst() -> Entry? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1
            let r = l + 1
            var m = i
            if l < heap.count, heap[l].due < heap[m].due { m = l }
            if r < heap.count, heap[r].due < heap[m].due { m = r }
            if m == i { break }
            heap.swapAt(i, m)
            i = m
        }
        return top
    }
}
