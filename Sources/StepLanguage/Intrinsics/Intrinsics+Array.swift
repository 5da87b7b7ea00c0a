import StepJSON

extension Intrinsics {
    /// `States.ArrayPartition(array, size)`: chunks of `size` items, the last one shorter.
    /// The size truncates to an integer (2.6 gives 2) and must then be positive.
    static func arrayPartition(_ arrayValue: JSON, _ sizeValue: JSON) throws(IntrinsicFailure) -> JSON {
        let items = try array(arrayValue, .arrayPartition)
        let size = try int(sizeValue, .arrayPartition)
        guard size > 0 else { throw .invalid(.arrayPartition) }
        var chunks: [JSON] = []
        chunks.reserveCapacity((items.count + size - 1) / size)
        var start = 0
        while start < items.count {
            let end = min(start + size, items.count)
            chunks.append(.array(Array(items[start..<end])))
            start = end
        }
        return .array(chunks)
    }

    /// `States.ArrayContains(array, value)`. AWS compares the printed Java forms, so `true` matches
    /// `"true"` and `{"a":1,"b":2}` does not match `{"b":2,"a":1}`.
    static func arrayContains(_ arrayValue: JSON, _ needle: JSON) throws(IntrinsicFailure) -> JSON {
        let items = try array(arrayValue, .arrayContains)
        let printed = Java.string(needle)
        return .bool(items.contains { Java.string($0) == printed })
    }

    /// `States.ArrayRange(first, last, step)`: `first`, `first + step`, … up to and including `last`.
    /// The arguments truncate to integers; the step must not be 0 and the result holds at most 1000 items.
    static func arrayRange(_ firstValue: JSON, _ lastValue: JSON, _ stepValue: JSON) throws(IntrinsicFailure) -> JSON {
        let first = try int(firstValue, .arrayRange)
        let last = try int(lastValue, .arrayRange)
        let step = try int(stepValue, .arrayRange)
        guard step != 0 else { throw .invalid(.arrayRange) }
        let count: Int
        if first == last {
            count = 1
        } else if (last > first) == (step > 0) {
            count = (last - first) / step + 1
        } else {
            count = 0
        }
        guard count <= 1000 else { throw .invalid(.arrayRange) }
        return .array((0..<count).map { .int(first + $0 * step) })
    }

    /// `States.ArrayGetItem(array, index)`. The index truncates to an integer. AWS answers `null` for
    /// any index into an empty array and fails for an index outside a non-empty one.
    static func arrayGetItem(_ arrayValue: JSON, _ indexValue: JSON) throws(IntrinsicFailure) -> JSON {
        let items = try array(arrayValue, .arrayGetItem)
        let index = try int(indexValue, .arrayGetItem)
        if items.isEmpty { return .null }
        guard items.indices.contains(index) else { throw .invalid(.arrayGetItem) }
        return items[index]
    }
}
