import StepJSON

extension Intrinsics {
    /// `States.MathAdd(a, b)`: integer sum. Fractions round half up (`Math.round`: 1.5 gives 2,
    /// -1.5 gives -1); integers beyond 32 bits and sums that overflow 32 bits fail.
    static func mathAdd(_ a: JSON, _ b: JSON) throws(IntrinsicFailure) -> JSON {
        let x = try addend(a)
        let y = try addend(b)
        let (sum, overflow) = x.addingReportingOverflow(y)
        guard !overflow else { throw .invalid(.mathAdd) }
        return .int(Int(sum))
    }

    private static func addend(_ value: JSON) throws(IntrinsicFailure) -> Int32 {
        switch value {
        case .int(let i):
            guard let small = Int32(exactly: i) else { throw .invalid(.mathAdd) }
            return small
        case .double(let d):
            return Int32(truncatingIfNeeded: Java.round(d))
        default:
            throw .invalid(.mathAdd)
        }
    }

    /// `States.MathRandom(start, end[, seed])`: an integer in `start ..< end` (bounds truncate to
    /// integers; `end` must exceed `start`). With a seed the result is what Java's
    /// `new Random(seed).nextInt(end - start) + start` gives; without one it comes from `random`.
    static func mathRandom<R: RandomNumberGenerator>(_ args: [JSON], random: inout R) throws(IntrinsicFailure) -> JSON {
        let start = Int32(truncatingIfNeeded: try int(args[0], .mathRandom))
        let end = Int32(truncatingIfNeeded: try int(args[1], .mathRandom))
        let bound = end &- start
        guard bound > 0 else { throw .invalid(.mathRandom) }
        if args.count == 3 {
            guard let seed = Java.longValue(args[2]) else { throw .invalid(.mathRandom) }
            var generator = JavaRandom(seed: seed)
            return .int(Int(generator.nextInt(bound: bound) &+ start))
        }
        return .int(Int(start) + Int.random(in: 0..<Int(bound), using: &random))
    }

    /// `States.UUID()`: a random version 4 UUID in lowercase, from `random`.
    static func uuid<R: RandomNumberGenerator>(random: inout R) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        for _ in 0..<2 {
            var word = random.next()
            for _ in 0..<8 {
                bytes.append(UInt8(truncatingIfNeeded: word))
                word >>= 8
            }
        }
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        let h = hex(bytes)
        let chars = Array(h)
        var out = ""
        for (i, c) in chars.enumerated() {
            if i == 8 || i == 12 || i == 16 || i == 20 { out.append("-") }
            out.append(c)
        }
        return out
    }
}

/// `java.util.Random`: the 48-bit linear congruential generator, so a seeded `States.MathRandom`
/// can give what AWS gives for the same seed.
struct JavaRandom {
    private static let multiplier: UInt64 = 0x5_DEEC_E66D
    private static let mask: UInt64 = (1 << 48) - 1
    private var seed: UInt64

    init(seed: Int64) {
        self.seed = (UInt64(bitPattern: seed) ^ JavaRandom.multiplier) & JavaRandom.mask
    }

    /// `next(bits)`.
    mutating func next(bits: Int) -> Int32 {
        seed = (seed &* JavaRandom.multiplier &+ 0xB) & JavaRandom.mask
        return Int32(truncatingIfNeeded: seed >> UInt64(48 - bits))
    }

    /// `nextInt()`.
    mutating func nextInt() -> Int32 { next(bits: 32) }

    /// `nextDouble()`: 53 random bits in [0, 1).
    mutating func nextDouble() -> Double {
        let high = Int64(UInt32(bitPattern: next(bits: 26)))
        let low = Int64(UInt32(bitPattern: next(bits: 27)))
        return Double((high << 27) + low) * 0x1.0p-53
    }

    /// `nextInt(bound)` for a positive bound.
    mutating func nextInt(bound: Int32) -> Int32 {
        var r = next(bits: 31)
        let m = bound &- 1
        if bound & m == 0 {
            return Int32(truncatingIfNeeded: (Int64(bound) &* Int64(r)) >> 31)
        }
        var u = r
        while true {
            r = u % bound
            if u &- r &+ m >= 0 { return r }
            u = next(bits: 31)
        }
    }
}
