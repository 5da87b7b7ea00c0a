import StepJSON

/// A compiled path as ASL uses it: `$…` over the state's data, `$$…` over the context object,
/// or `$name…` over a workflow variable. Parsed once, evaluated many times.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    /// What the path starts from.
    public enum Root: Sendable, Hashable {
        case input
        case context
        case variable(String)
    }

    public let text: String
    public let root: Root
    let segments: [PathSegment]
    /// True when the path names at most one value (no wildcards, slices, filters, unions or scans).
    public let isDefinite: Bool
    /// True when every segment is a plain member name or index: usable as a ResultPath.
    public let isReference: Bool

    public var description: String { text }

    /// How deeply filters may nest: a filter in a path in a filter… (`$..[?(@..[?(@.a)])]` nests 2), counting
    /// the parentheses, `!`, `&&` and `||` of each. Deeper paths are invalid; the parser's work then stays
    /// linear in the path's length.
    public static let maximumFilterNesting = 32

    /// How many steps (`.a`, `[0]`, `..b`, `[?(…)]`) one path may have.
    public static let maximumSegments = 256

    /// How many values the descents (`..`) of one evaluation may visit; a path that would visit more
    /// (`$..a..b..c…` over a deep document multiplies) finds nothing, and `missingDescription` says why.
    public static let maximumScanVisits = 1_000_000

    public init(parsing text: String) throws(PathError) {
        var parser = JSONPathParser(text)
        let (root, segments) = try parser.parse()
        self.text = text
        self.root = root
        self.segments = segments
        self.isDefinite = segments.allSatisfy(\.isDefinite)
        self.isReference = segments.allSatisfy(\.isReferenceSegment)
    }

    /// The root-only path `$`.
    public var isRoot: Bool { segments.isEmpty && root == .input }

    /// Jayway's normalised form of the path, `$['a'][0]`, used in AWS's error messages.
    public var normalized: String { Self.normalize(segments[...]) }

    static func normalize(_ segments: ArraySlice<PathSegment>) -> String {
        var s = "$"
        for seg in segments { s += seg.normalized }
        return s
    }
}

/// A path that could not be parsed.
public struct PathError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { "invalid path '\(path)': \(message)" }
}

/// One step of a path.
indirect enum PathSegment: Sendable, Hashable {
    case member(String)
    case index(Int)
    case wildcard
    case slice(start: Int?, end: Int?, step: Int?)
    case members([String])
    case indexes([Int])
    case descendants(PathSegment)
    case filter(FilterExpression)

    var isDefinite: Bool {
        switch self {
        case .member, .index: return true
        default: return false
        }
    }

    var isReferenceSegment: Bool { isDefinite }

    var normalized: String {
        switch self {
        case .member(let m): return "['\(m)']"
        case .index(let i): return "[\(i)]"
        case .wildcard: return "[*]"
        case .slice(let a, let b, let c):
            var s = "[" + (a.map(String.init) ?? "") + ":" + (b.map(String.init) ?? "")
            if let c { s += ":\(c)" }
            return s + "]"
        case .members(let ms): return "[" + ms.map { "'\($0)'" }.joined(separator: ",") + "]"
        case .indexes(let ix): return "[" + ix.map(String.init).joined(separator: ",") + "]"
        case .descendants(let inner): return ".." + inner.normalized
        case .filter: return "[?]"
        }
    }
}
