import CSystemShims

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `$random()`'s source: SplitMix64 when seeded (deterministic), the system generator otherwise.
struct RandomSource {
    var state: UInt64
    let seeded: Bool

    init(seed: UInt64?) {
        if let seed {
            state = seed
            seeded = true
        } else {
            var g = SystemRandomNumberGenerator()
            state = g.next()
            seeded = false
        }
    }

    /// A double in [0, 1).
    mutating func next() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) * 0x1.0p-53
    }
}

func monotonicNanos() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
}

func wallClockMillis() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return Double(Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000)
}

/// Finds how far down this thread's native stack evaluation may go before it must stop with an
/// error instead of overflowing.
enum StackGuard {
    #if canImport(Glibc)
        private static let key: pthread_key_t = {
            var k = pthread_key_t()
            pthread_key_create(&k) { p in free(p) }
            return k
        }()
    #endif

    /// The lowest address evaluation may reach on the current thread (0 when unknown).
    static func lowLimit() -> UInt {
        var marker: UInt8 = 0
        let sp = withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
        #if canImport(Glibc)
            if let p = pthread_getspecific(key) {
                return p.load(as: UInt.self)
            }
            var limit: UInt = 0
            var addr: UnsafeMutableRawPointer? = nil
            var size = 0
            if stepline_thread_stack(&addr, &size) == 0, let addr {
                let low = UInt(bitPattern: addr)
                let margin = UInt(max(64 * 1024, min(256 * 1024, size / 4)))
                limit = low + margin
            }
            if limit == 0 || limit >= sp { limit = sp > 512 * 1024 ? sp - 512 * 1024 : 0 }
            if let box = malloc(MemoryLayout<UInt>.size) {
                box.storeBytes(of: limit, as: UInt.self)
                pthread_setspecific(key, box)
            }
            return limit
        #elseif canImport(Darwin)
            let top = UInt(bitPattern: pthread_get_stackaddr_np(pthread_self()))
            let size = UInt(pthread_get_stacksize_np(pthread_self()))
            let margin = max(64 * 1024, min(256 * 1024, size / 4))
            if top > size + margin { return top - size + margin }
            return sp > 512 * 1024 ? sp - 512 * 1024 : 0
        #else
            return sp > 512 * 1024 ? sp - 512 * 1024 : 0
        #endif
    }
}
