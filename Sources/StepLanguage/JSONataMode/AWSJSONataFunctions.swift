import StepJSON
import StepJSONata
import Synchronization

/// The functions AWS adds to JSONata in Step Functions: `$partition`, `$range`, `$hash`, `$random`,
/// `$uuid` and `$parse`.
public enum AWSJSONataFunctions {
    /// The functions, with `$random()` and `$uuid()` drawing from `seed` so that evaluation stays deterministic.
    public static func functions(seed: UInt64) -> [String: JSONataNativeFunction] {
        let counter = SeededSource(seed: seed)
        return [
            "partition": JSONataNativeFunction(signature: nil) { args throws(JSONataError) -> JSON? in
                try wrap("partition") { () throws(IntrinsicFailure) -> JSON in
                    try Intrinsics.arrayPartition(args.first.flatMap { $0 } ?? .null, arg(args, 1))
                }
            },
            "range": JSONataNativeFunction(signature: nil) { args throws(JSONataError) -> JSON? in
                let range = try wrap("range") { () throws(IntrinsicFailure) -> JSON in
                    try Intrinsics.arrayRange(arg(args, 0), arg(args, 1), arg(args, 2))
                }
                // A one-item range is a JSONata singleton sequence: the item itself.
                if case .array(let a) = range, a.count == 1 { return a[0] }
                return range
            },
            "hash": JSONataNativeFunction(signature: nil) { args throws(JSONataError) -> JSON? in
                try wrap("hash") { () throws(IntrinsicFailure) -> JSON in try Intrinsics.hash(arg(args, 0), arg(args, 1)) }
            },
            "random": JSONataNativeFunction(signature: nil) { args throws(JSONataError) -> JSON? in
                if let s = args.first ?? nil {
                    guard let seedValue = s.intValue else {
                        throw JSONataError(code: "T0410", message: "$random expects an integer seed")
                    }
                    var g = JavaRandom(seed: Int64(seedValue))
                    return .double(g.nextDouble())
                }
                return .double(Double(counter.next() >> 11) / Double(1 << 53))
            },
            "uuid": JSONataNativeFunction(signature: nil) { _ throws(JSONataError) -> JSON? in
                var g = SplitMix64(seed: counter.next())
                return .string(g.uuid())
            },
            "parse": JSONataNativeFunction(signature: nil) { args throws(JSONataError) -> JSON? in
                guard case .string(let s)? = args.first ?? nil else {
                    throw JSONataError(code: "T0410", message: "$parse expects a string")
                }
                do {
                    return try JSON(parsing: s)
                } catch {
                    throw JSONataError(code: "D3001", message: "$parse: the string is not valid JSON")
                }
            },
        ]
    }

    static func arg(_ args: [JSON?], _ i: Int) -> JSON { i < args.count ? (args[i] ?? .null) : .null }

    static func wrap(_ name: String, _ body: () throws(IntrinsicFailure) -> JSON) throws(JSONataError) -> JSON {
        do {
            return try body()
        } catch {
            throw JSONataError(code: "D3030", message: "Invalid arguments in $\(name): \(error.detail)")
        }
    }
}

/// A seeded random source shared by the functions of one evaluation.
final class SeededSource: Sendable {
    let state: Mutex<SplitMix64>

    init(seed: UInt64) { state = Mutex(SplitMix64(seed: seed)) }

    func next() -> UInt64 { state.withLock { $0.next() } }
}
