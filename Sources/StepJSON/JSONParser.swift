/// A JSON text that could not be parsed, with the byte offset where parsing stopped.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var offset: Int
    public var description: String { "\(message) at offset \(offset)" }
}

extension JSON {
    /// Parses a complete JSON text.
    public init(parsing text: String) throws(JSONParseError) {
        var text = text
        let result: Result<JSON, JSONParseError> = text.withUTF8 { buf in
            var p = JSONParser(buf)
            do throws(JSONParseError) {
                return .success(try p.parseDocument())
            } catch {
                return .failure(error)
            }
        }
        self = try result.get()
    }

    /// Parses a complete JSON text from UTF-8 bytes.
    public init(parsing bytes: [UInt8]) throws(JSONParseError) {
        let result: Result<JSON, JSONParseError> = bytes.withUnsafeBufferPointer { buf in
            var p = JSONParser(buf)
            do throws(JSONParseError) {
                return .success(try p.parseDocument())
            } catch {
                return .failure(error)
            }
        }
        self = try result.get()
    }
}

extension JSON {
    /// How deeply arrays and objects may nest (`[[1]]` is 2 levels): the parser refuses deeper documents.
    ///
    /// Every recursive walk over a `JSON` value (serialising, comparing, hashing, Step Functions' templates and
    /// paths) is safe to this depth on a 512 KiB thread stack, the smallest a Swift task may run on; Jackson, which
    /// AWS uses, allows 1,000 (500 from Jackson 3), and no Step Functions payload comes near either.
    public static let maximumNestingDepth = 512
}

/// A parser over UTF-8 bytes. It keeps the containers it is filling on a heap stack of its own, so no document,
/// however deep, can exhaust the thread's stack; documents nested deeper than `JSON.maximumNestingDepth` fail.
struct JSONParser {
    let buf: UnsafeBufferPointer<UInt8>
    var pos = 0
    static let maxDepth = JSON.maximumNestingDepth

    init(_ buf: UnsafeBufferPointer<UInt8>) { self.buf = buf }

    mutating func parseDocument() throws(JSONParseError) -> JSON {
        skipSpace()
        let v = try parseValue()
        skipSpace()
        guard pos == buf.count else { throw fail("unexpected character after the JSON value") }
        return v
    }

    func fail(_ message: String) -> JSONParseError { JSONParseError(message: message, offset: pos) }

    mutating func skipSpace() {
        while pos < buf.count {
            let c = buf[pos]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { pos += 1 } else { return }
        }
    }

    /// Parses one value, with everything nested in it.
    ///
    /// The containers being filled are kept on heap stacks (innermost last) and mutated in place, so appending a
    /// member never copies its container.
    mutating func parseValue() throws(JSONParseError) -> JSON {
        var isObject: [Bool] = []  // one entry per open container
        var arrays: [[JSON]] = []
        var objects: [JSONObject] = []
        var keys: [String] = []  // the name of the member being read, per open object
        while true {
            // A value starts at `pos`: a scalar, an empty container, or the first member of a new container.
            var value: JSON
            guard pos < buf.count else { throw fail("unexpected end of input") }
            switch buf[pos] {
            case UInt8(ascii: "{"):
                try enter(isObject.count)
                pos += 1
                skipSpace()
                if pos < buf.count, buf[pos] == UInt8(ascii: "}") {
                    pos += 1
                    value = .object(JSONObject())
                } else {
                    keys.append(try parseMemberName())
                    objects.append(JSONObject())
                    isObject.append(true)
                    continue
                }
            case UInt8(ascii: "["):
                try enter(isObject.count)
                pos += 1
                skipSpace()
                if pos < buf.count, buf[pos] == UInt8(ascii: "]") {
                    pos += 1
                    value = .array([])
                } else {
                    arrays.append([])
                    isObject.append(false)
                    skipSpace()
                    continue
                }
            case UInt8(ascii: "\""): value = .string(try parseString())
            case UInt8(ascii: "t"): try expectWord("true"); value = .bool(true)
            case UInt8(ascii: "f"): try expectWord("false"); value = .bool(false)
            case UInt8(ascii: "n"): try expectWord("null"); value = .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): value = try parseNumber()
            default: throw fail("unexpected character '\(Character(Unicode.Scalar(buf[pos])))'")
            }
            // Hand the value to the innermost open container; close every container that ends here.
            closing: while let inObject = isObject.last {
                skipSpace()
                if inObject {
                    objects[objects.count - 1][keys[keys.count - 1]] = value
                    guard pos < buf.count else { throw fail("unexpected end of input in object") }
                    if buf[pos] == UInt8(ascii: ",") {
                        pos += 1
                        keys[keys.count - 1] = try parseMemberName()
                        break closing
                    }
                    guard buf[pos] == UInt8(ascii: "}") else { throw fail("expected ',' or '}'") }
                    pos += 1
                    keys.removeLast()
                    value = .object(objects.removeLast())
                } else {
                    arrays[arrays.count - 1].append(value)
                    guard pos < buf.count else { throw fail("unexpected end of input in array") }
                    if buf[pos] == UInt8(ascii: ",") {
                        pos += 1
                        skipSpace()
                        break closing
                    }
                    guard buf[pos] == UInt8(ascii: "]") else { throw fail("expected ',' or ']'") }
                    pos += 1
                    value = .array(arrays.removeLast())
                }
                isObject.removeLast()
            }
            if isObject.isEmpty { return value }
        }
    }

    mutating func expectWord(_ word: StaticString) throws(JSONParseError) {
        let n = word.utf8CodeUnitCount
        guard pos + n <= buf.count else { throw fail("unexpected end of input") }
        let w = word.utf8Start
        for i in 0..<n where buf[pos + i] != w[i] { throw fail("invalid literal") }
        pos += n
    }

    /// Refuses a container that would nest deeper than the limit; `open` containers enclose it.
    func enter(_ open: Int) throws(JSONParseError) {
        if open + 1 > Self.maxDepth {
            throw fail("nesting deeper than \(Self.maxDepth) levels")
        }
    }

    /// A member name and its `:`, leaving `pos` at the member's value.
    mutating func parseMemberName() throws(JSONParseError) -> String {
        skipSpace()
        guard pos < buf.count, buf[pos] == UInt8(ascii: "\"") else { throw fail("expected a member name") }
        let key = try parseString()
        skipSpace()
        guard pos < buf.count, buf[pos] == UInt8(ascii: ":") else { throw fail("expected ':'") }
        pos += 1
        skipSpace()
        return key
    }

    mutating func parseString() throws(JSONParseError) -> String {
        pos += 1
        let start = pos
        // Fast path: no escapes.
        while pos < buf.count {
            let c = buf[pos]
            if c == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: buf[start..<pos]), as: UTF8.self)
                pos += 1
                return s
            }
            if c == UInt8(ascii: "\\") { break }
            if c < 0x20 { throw fail("control character in string") }
            pos += 1
        }
        var bytes = Array(buf[start..<pos])
        while pos < buf.count {
            let c = buf[pos]
            if c == UInt8(ascii: "\"") {
                pos += 1
                return String(decoding: bytes, as: UTF8.self)
            }
            if c < 0x20 { throw fail("control character in string") }
            if c != UInt8(ascii: "\\") {
                bytes.append(c)
                pos += 1
                continue
            }
            pos += 1
            guard pos < buf.count else { break }
            let e = buf[pos]
            pos += 1
            switch e {
            case UInt8(ascii: "\""): bytes.append(0x22)
            case UInt8(ascii: "\\"): bytes.append(0x5C)
            case UInt8(ascii: "/"): bytes.append(0x2F)
            case UInt8(ascii: "b"): bytes.append(0x08)
            case UInt8(ascii: "f"): bytes.append(0x0C)
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "r"): bytes.append(0x0D)
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try parseHex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    // A high surrogate: expect a low one.
                    if pos + 1 < buf.count, buf[pos] == UInt8(ascii: "\\"), buf[pos + 1] == UInt8(ascii: "u") {
                        pos += 2
                        let low = try parseHex4()
                        if (0xDC00..<0xE000).contains(low) {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            // A lone high surrogate: replaced; the escape after it is read again on its own
                            // (it may begin a pair of its own, as Java and JavaScript read it).
                            pos -= 6
                            scalar = 0xFFFD
                        }
                    } else {
                        scalar = 0xFFFD
                    }
                } else if (0xDC00..<0xE000).contains(scalar) {
                    scalar = 0xFFFD
                }
                appendScalar(scalar, to: &bytes)
            default:
                throw fail("invalid escape")
            }
        }
        throw fail("unterminated string")
    }

    func appendScalar(_ v: UInt32, to bytes: inout [UInt8]) {
        let scalar = Unicode.Scalar(v) ?? "\u{FFFD}"
        bytes.append(contentsOf: Array(String(Character(scalar)).utf8))
    }

    mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        guard pos + 4 <= buf.count else { throw fail("bad \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = buf[pos]
            v <<= 4
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v |= UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): v |= UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): v |= UInt32(c - UInt8(ascii: "A") + 10)
            default: throw fail("bad \\u escape")
            }
            pos += 1
        }
        return v
    }

    mutating func parseNumber() throws(JSONParseError) -> JSON {
        let start = pos
        var negative = false
        if buf[pos] == UInt8(ascii: "-") {
            negative = true
            pos += 1
        }
        guard pos < buf.count, isDigit(buf[pos]) else { throw fail("invalid number") }
        if buf[pos] == UInt8(ascii: "0"), pos + 1 < buf.count, isDigit(buf[pos + 1]) {
            throw fail("leading zero in number")
        }
        var value = 0
        var overflow = false
        while pos < buf.count, isDigit(buf[pos]) {
            let d = Int(buf[pos] - UInt8(ascii: "0"))
            if !overflow {
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (a, o2) = negative ? m.subtractingReportingOverflow(d) : m.addingReportingOverflow(d)
                if o1 || o2 { overflow = true } else { value = a }
            }
            pos += 1
        }
        var isInteger = true
        if pos < buf.count, buf[pos] == UInt8(ascii: ".") {
            isInteger = false
            pos += 1
            guard pos < buf.count, isDigit(buf[pos]) else { throw fail("invalid number") }
            while pos < buf.count, isDigit(buf[pos]) { pos += 1 }
        }
        if pos < buf.count, buf[pos] == UInt8(ascii: "e") || buf[pos] == UInt8(ascii: "E") {
            isInteger = false
            pos += 1
            if pos < buf.count, buf[pos] == UInt8(ascii: "+") || buf[pos] == UInt8(ascii: "-") { pos += 1 }
            guard pos < buf.count, isDigit(buf[pos]) else { throw fail("invalid number") }
            while pos < buf.count, isDigit(buf[pos]) { pos += 1 }
        }
        if isInteger && !overflow { return .int(value) }
        let text = String(decoding: UnsafeBufferPointer(rebasing: buf[start..<pos]), as: UTF8.self)
        guard let d = Double(text) else { throw fail("invalid number") }
        return .double(d)
    }

    @inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
}
