/// A regular expression with JavaScript semantics (non-unicode mode: UTF-16 code units), compiled
/// once and matched by backtracking.
final class RegexProgram: Sendable {
    indirect enum RNode: Sendable {
        case char(UInt16)
        case any
        case set(CharSet)
        case seq([RNode])
        case alt([RNode])
        case group(RNode, Int?)
        case loop(RNode, min: Int, max: Int, greedy: Bool)
        case bol, eol, wordBoundary, notWordBoundary
        case backref(Int)
        case look(RNode, ahead: Bool, negate: Bool)
    }

    struct CharSet: Sendable {
        var ranges: [(UInt16, UInt16)] = []
        var negated = false
    }

    struct SyntaxError: Error {}

    let source: String
    let root: RNode
    let groupCount: Int
    let ignoreCase: Bool
    let multiline: Bool

    init(pattern: String, flags: String) throws(SyntaxError) {
        source = pattern
        ignoreCase = flags.contains("i")
        multiline = flags.contains("m")
        var p = RegexParser(Array(pattern.utf16))
        root = try p.parseAlternation()
        if p.pos < p.src.count { throw SyntaxError() }
        groupCount = p.groupCount
    }

    /// A successful match: its range and the ranges of its capture groups (nil when not taking part).
    struct Match {
        var start: Int
        var end: Int
        var groups: [Range<Int>?]
    }

    /// Finds the first match starting at or after `from`.
    func exec(_ s: [UInt16], from: Int) throws(JSONataError) -> Match? {
        let m = Matcher(program: self, s: s)
        var start = max(0, from)
        while start <= s.count {
            m.caps = [Int](repeating: -1, count: (groupCount + 1) * 2)
            var endPos = -1
            if m.match(
                root, start,
                { e in
                    endPos = e
                    return true
                })
            {
                var groups: [Range<Int>?] = []
                for g in 1...max(groupCount, 1) where g <= groupCount {
                    let a = m.caps[g * 2]
                    let b = m.caps[g * 2 + 1]
                    groups.append(a >= 0 && b >= a ? a..<b : nil)
                }
                return Match(start: start, end: endPos, groups: groups)
            }
            if m.aborted { throw m.abortError() }
            start += 1
        }
        return nil
    }

    /// True when the whole of `s` matches.
    func matchesWhole(_ s: [UInt16]) throws(JSONataError) -> Match? {
        let m = Matcher(program: self, s: s)
        m.caps = [Int](repeating: -1, count: (groupCount + 1) * 2)
        if m.match(root, 0, { e in e == s.count }) {
            var groups: [Range<Int>?] = []
            for g in 1...max(groupCount, 1) where g <= groupCount {
                let a = m.caps[g * 2]
                let b = m.caps[g * 2 + 1]
                groups.append(a >= 0 && b >= a ? a..<b : nil)
            }
            return Match(start: 0, end: s.count, groups: groups)
        }
        if m.aborted { throw m.abortError() }
        return nil
    }
}

final class Matcher {
    let program: RegexProgram
    let s: [UInt16]
    var caps: [Int] = []
    var steps = 0
    var aborted = false
    let stackLimit = StackGuard.lowLimit()

    init(program: RegexProgram, s: [UInt16]) {
        self.program = program
        self.s = s
    }

    func abortError() -> JSONataError {
        JSONataError(code: "U1001", message: "Regular expression evaluation is too complex: \(program.source)")
    }

    static func isWord(_ c: UInt16) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
    }

    static func isLineTerminator(_ c: UInt16) -> Bool { c == 0x0A || c == 0x0D || c == 0x2028 || c == 0x2029 }

    func wordAt(_ i: Int) -> Bool { i >= 0 && i < s.count && Matcher.isWord(s[i]) }

    func fold(_ c: UInt16) -> UInt16 {
        if c >= 0x61 && c <= 0x7A { return c - 32 }
        if c < 0x80 { return c }
        guard let scalar = Unicode.Scalar(UInt32(c)) else { return c }
        let up = String(Character(scalar)).uppercased().utf16
        if up.count == 1, let u = up.first, !(u < 0x80) { return u }
        return c
    }

    func setContains(_ set: RegexProgram.CharSet, _ c: UInt16) -> Bool {
        var hit = set.ranges.contains { c >= $0.0 && c <= $0.1 }
        if !hit && program.ignoreCase {
            let f = fold(c)
            hit = set.ranges.contains { r in
                if f >= r.0 && f <= r.1 { return true }
                if r.1 &- r.0 < 400 {
                    var x = r.0
                    while true {
                        if fold(x) == f { return true }
                        if x == r.1 { break }
                        x += 1
                    }
                }
                return false
            }
        }
        return hit != set.negated
    }

    func match(_ node: RegexProgram.RNode, _ i: Int, _ k: (Int) -> Bool) -> Bool {
        steps += 1
        if aborted { return false }
        if steps & 31 == 0 && (steps > 10_000_000 || stackPointer() < stackLimit) {
            aborted = true
            return false
        }
        switch node {
        case .char(let c):
            guard i < s.count else { return false }
            let d = s[i]
            if d == c || (program.ignoreCase && fold(d) == fold(c)) { return k(i + 1) }
            return false
        case .any:
            guard i < s.count, !Matcher.isLineTerminator(s[i]) else { return false }
            return k(i + 1)
        case .set(let set):
            guard i < s.count, setContains(set, s[i]) else { return false }
            return k(i + 1)
        case .seq(let nodes):
            return matchSeq(nodes, 0, i, k)
        case .alt(let options):
            for o in options where match(o, i, k) { return true }
            return false
        case .group(let inner, let index):
            guard let g = index else { return match(inner, i, k) }
            let oldStart = caps[g * 2]
            let oldEnd = caps[g * 2 + 1]
            let ok = match(inner, i) { e in
                let s0 = self.caps[g * 2]
                let e0 = self.caps[g * 2 + 1]
                self.caps[g * 2] = i
                self.caps[g * 2 + 1] = e
                if k(e) { return true }
                self.caps[g * 2] = s0
                self.caps[g * 2 + 1] = e0
                return false
            }
            if !ok {
                caps[g * 2] = oldStart
                caps[g * 2 + 1] = oldEnd
            }
            return ok
        case .loop(let inner, let min, let max, let greedy):
            return matchLoop(inner, min, max, greedy, 0, i, k)
        case .bol:
            if i == 0 || (program.multiline && Matcher.isLineTerminator(s[i - 1])) { return k(i) }
            return false
        case .eol:
            if i == s.count || (program.multiline && Matcher.isLineTerminator(s[i])) { return k(i) }
            return false
        case .wordBoundary:
            return wordAt(i - 1) != wordAt(i) ? k(i) : false
        case .notWordBoundary:
            return wordAt(i - 1) == wordAt(i) ? k(i) : false
        case .backref(let g):
            let a = g * 2 < caps.count ? caps[g * 2] : -1
            let b = g * 2 + 1 < caps.count ? caps[g * 2 + 1] : -1
            if a < 0 || b < a { return k(i) }
            let len = b - a
            guard i + len <= s.count else { return false }
            for j in 0..<len {
                let x = s[a + j]
                let y = s[i + j]
                if x != y && !(program.ignoreCase && fold(x) == fold(y)) { return false }
            }
            return k(i + len)
        case .look(let inner, let ahead, let negate):
            let saved = caps
            var found: Bool
            if ahead {
                found = match(inner, i) { _ in true }
            } else {
                found = false
                var start = i
                while start >= 0 && !found {
                    found = match(inner, start) { e in e == i }
                    start -= 1
                }
            }
            if negate {
                caps = saved
                return found ? false : k(i)
            }
            if !found { return false }
            if k(i) { return true }
            caps = saved
            return false
        }
    }

    func matchSeq(_ nodes: [RegexProgram.RNode], _ idx: Int, _ i: Int, _ k: (Int) -> Bool) -> Bool {
        if idx == nodes.count { return k(i) }
        return match(nodes[idx], i) { j in self.matchSeq(nodes, idx + 1, j, k) }
    }

    func matchLoop(
        _ inner: RegexProgram.RNode, _ min: Int, _ max: Int, _ greedy: Bool, _ count: Int, _ i: Int,
        _ k: (Int) -> Bool
    ) -> Bool {
        if count < min {
            return match(inner, i) { j in
                if j == i && count + 1 >= min { return self.matchLoop(inner, min, max, greedy, min, j, k) }
                return self.matchLoop(inner, min, max, greedy, count + 1, j, k)
            }
        }
        if greedy {
            if count < max {
                let ok = match(inner, i) { j in
                    if j == i { return false }
                    return self.matchLoop(inner, min, max, greedy, count + 1, j, k)
                }
                if ok { return true }
            }
            return k(i)
        }
        if k(i) { return true }
        if count < max {
            return match(inner, i) { j in
                if j == i { return false }
                return self.matchLoop(inner, min, max, greedy, count + 1, j, k)
            }
        }
        return false
    }
}
