/// Parses JavaScript regular-expression syntax into `RegexProgram.RNode`s.
struct RegexParser {
    typealias RNode = RegexProgram.RNode
    typealias CharSet = RegexProgram.CharSet
    let src: [UInt16]
    var pos = 0
    var groupCount = 0
    var groupNames: [String: Int] = [:]

    init(_ src: [UInt16]) { self.src = src }

    static let digit: [(UInt16, UInt16)] = [(0x30, 0x39)]
    static let word: [(UInt16, UInt16)] = [(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)]
    static let space: [(UInt16, UInt16)] = [
        (0x09, 0x0D), (0x20, 0x20), (0xA0, 0xA0), (0x1680, 0x1680), (0x2000, 0x200A), (0x2028, 0x2029),
        (0x202F, 0x202F), (0x205F, 0x205F), (0x3000, 0x3000), (0xFEFF, 0xFEFF),
    ]

    static func complement(_ ranges: [(UInt16, UInt16)]) -> [(UInt16, UInt16)] {
        var out: [(UInt16, UInt16)] = []
        var next: UInt32 = 0
        for r in ranges.sorted(by: { $0.0 < $1.0 }) {
            if UInt32(r.0) > next { out.append((UInt16(next), r.0 - 1)) }
            next = max(next, UInt32(r.1) + 1)
        }
        if next <= 0xFFFF { out.append((UInt16(next), 0xFFFF)) }
        return out
    }

    func peek(_ o: Int = 0) -> UInt16? { pos + o < src.count ? src[pos + o] : nil }

    mutating func parseAlternation() throws(RegexProgram.SyntaxError) -> RNode {
        var options: [RNode] = [try parseSequence()]
        while peek() == 0x7C {
            pos += 1
            options.append(try parseSequence())
        }
        return options.count == 1 ? options[0] : .alt(options)
    }

    mutating func parseSequence() throws(RegexProgram.SyntaxError) -> RNode {
        var items: [RNode] = []
        while let c = peek(), c != 0x7C, c != 0x29 {
            let atom = try parseAtom()
            items.append(try parseQuantifier(atom))
        }
        return items.count == 1 ? items[0] : .seq(items)
    }

    mutating func readInt() -> Int? {
        var n: Int? = nil
        while let c = peek(), c >= 0x30 && c <= 0x39 {
            n = (n ?? 0) &* 10 &+ Int(c - 0x30)
            pos += 1
        }
        return n
    }

    mutating func parseQuantifier(_ atom: RNode) throws(RegexProgram.SyntaxError) -> RNode {
        guard let c = peek() else { return atom }
        var minC = 0
        var maxC = Int.max
        switch c {
        case 0x2A: pos += 1
        case 0x2B:
            minC = 1
            pos += 1
        case 0x3F:
            maxC = 1
            pos += 1
        case 0x7B:
            let save = pos
            pos += 1
            guard let lo = readInt() else {
                pos = save
                return atom
            }
            minC = lo
            maxC = lo
            if peek() == 0x2C {
                pos += 1
                maxC = readInt() ?? Int.max
            }
            guard peek() == 0x7D else {
                pos = save
                return atom
            }
            pos += 1
            if maxC < minC { throw RegexProgram.SyntaxError() }
        default:
            return atom
        }
        var greedy = true
        if peek() == 0x3F {
            greedy = false
            pos += 1
        }
        switch atom {
        case .bol, .eol, .wordBoundary, .notWordBoundary: throw RegexProgram.SyntaxError()
        default: break
        }
        return .loop(atom, min: minC, max: maxC, greedy: greedy)
    }

    mutating func parseAtom() throws(RegexProgram.SyntaxError) -> RNode {
        guard let c = peek() else { throw RegexProgram.SyntaxError() }
        pos += 1
        switch c {
        case 0x2E: return .any
        case 0x5E: return .bol
        case 0x24: return .eol
        case 0x2A, 0x2B, 0x3F: throw RegexProgram.SyntaxError()
        case 0x28:
            var index: Int? = nil
            var look: (ahead: Bool, negate: Bool)? = nil
            if peek() == 0x3F {
                switch peek(1) {
                case 0x3A: pos += 2
                case 0x3D:
                    pos += 2
                    look = (true, false)
                case 0x21:
                    pos += 2
                    look = (true, true)
                case 0x3C:
                    if peek(2) == 0x3D {
                        pos += 3
                        look = (false, false)
                    } else if peek(2) == 0x21 {
                        pos += 3
                        look = (false, true)
                    } else {
                        pos += 2
                        var name: [UInt16] = []
                        while let n = peek(), n != 0x3E {
                            name.append(n)
                            pos += 1
                        }
                        pos += 1
                        groupCount += 1
                        index = groupCount
                        groupNames[String(decoding: name, as: UTF16.self)] = groupCount
                    }
                default: throw RegexProgram.SyntaxError()
                }
            } else {
                groupCount += 1
                index = groupCount
            }
            let inner = try parseAlternation()
            guard peek() == 0x29 else { throw RegexProgram.SyntaxError() }
            pos += 1
            if let look { return .look(inner, ahead: look.ahead, negate: look.negate) }
            return .group(inner, index)
        case 0x5B: return try parseClass()
        case 0x5C: return try parseEscape(inClass: false).node
        default: return .char(c)
        }
    }

    /// An escape: either a single character or a set (or an assertion/backreference outside classes).
    mutating func parseEscape(inClass: Bool) throws(RegexProgram.SyntaxError) -> (node: RNode, char: UInt16?) {
        guard let c = peek() else { throw RegexProgram.SyntaxError() }
        pos += 1
        func set(_ r: [(UInt16, UInt16)]) -> (RNode, UInt16?) { (.set(CharSet(ranges: r)), nil) }
        func ch(_ u: UInt16) -> (RNode, UInt16?) { (.char(u), u) }
        switch c {
        case 0x64: return set(RegexParser.digit)
        case 0x44: return set(RegexParser.complement(RegexParser.digit))
        case 0x77: return set(RegexParser.word)
        case 0x57: return set(RegexParser.complement(RegexParser.word))
        case 0x73: return set(RegexParser.space)
        case 0x53: return set(RegexParser.complement(RegexParser.space))
        case 0x62: return inClass ? ch(0x08) : (.wordBoundary, nil)
        case 0x42: return inClass ? ch(0x42) : (.notWordBoundary, nil)
        case 0x6E: return ch(0x0A)
        case 0x72: return ch(0x0D)
        case 0x74: return ch(0x09)
        case 0x66: return ch(0x0C)
        case 0x76: return ch(0x0B)
        case 0x30: return ch(0)
        case 0x63:
            if let l = peek(), (l >= 0x41 && l <= 0x5A) || (l >= 0x61 && l <= 0x7A) {
                pos += 1
                return ch(l % 32)
            }
            return ch(0x5C)
        case 0x78, 0x75:
            let n = c == 0x78 ? 2 : 4
            var v: UInt16 = 0
            for k in 0..<n {
                guard let h = peek(k), let d = hexValue(h) else { return ch(c) }
                v = v &* 16 &+ d
            }
            pos += n
            return ch(v)
        case 0x6B where !inClass && peek() == 0x3C:
            pos += 1
            var name: [UInt16] = []
            while let n = peek(), n != 0x3E {
                name.append(n)
                pos += 1
            }
            pos += 1
            return (.backref(groupNames[String(decoding: name, as: UTF16.self)] ?? 0), nil)
        case 0x31...0x39 where !inClass:
            pos -= 1
            let n = readInt() ?? 0
            return (.backref(n), nil)
        default:
            return ch(c)
        }
    }

    mutating func parseClass() throws(RegexProgram.SyntaxError) -> RNode {
        var set = CharSet()
        if peek() == 0x5E {
            set.negated = true
            pos += 1
        }
        while let c = peek(), c != 0x5D {
            var lo: UInt16
            if c == 0x5C {
                pos += 1
                let e = try parseEscape(inClass: true)
                guard let single = e.char else {
                    if case .set(let s) = e.node { set.ranges.append(contentsOf: s.ranges) }
                    continue
                }
                lo = single
            } else {
                lo = c
                pos += 1
            }
            if peek() == 0x2D, let after = peek(1), after != 0x5D {
                pos += 1
                var hi: UInt16
                if after == 0x5C {
                    pos += 1
                    let e = try parseEscape(inClass: true)
                    guard let single = e.char else {
                        set.ranges.append((lo, lo))
                        set.ranges.append((0x2D, 0x2D))
                        if case .set(let s) = e.node { set.ranges.append(contentsOf: s.ranges) }
                        continue
                    }
                    hi = single
                } else {
                    hi = after
                    pos += 1
                }
                if hi < lo { throw RegexProgram.SyntaxError() }
                set.ranges.append((lo, hi))
            } else {
                set.ranges.append((lo, lo))
            }
        }
        guard peek() == 0x5D else { throw RegexProgram.SyntaxError() }
        pos += 1
        return .set(set)
    }
}
