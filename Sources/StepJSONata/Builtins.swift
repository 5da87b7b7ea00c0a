/// The built-in functions, with the reference's signatures and declared parameter counts.
enum Builtin: Int, CaseIterable {
    case sum, count, max, min, average
    case string, substring, substringBefore, substringAfter, lowercase, uppercase, length, trim, pad
    case match, contains, replace, split, join
    case formatNumber, formatBase, formatInteger, parseInteger
    case number, floor, ceil, round, abs, sqrt, power, random
    case boolean, not
    case map, zip, filter, single, reduce, sift
    case keys, lookup, append, exists, spread, merge, reverse, each, error, assert, type, sort, shuffle, distinct
    case base64encode, base64decode, encodeUrlComponent, encodeUrl, decodeUrlComponent, decodeUrl
    case eval, toMillis, fromMillis, clone, now, millis

    var name: String { "\(self)" }

    static let byName: [String: Builtin] = {
        var d: [String: Builtin] = [:]
        for b in Builtin.allCases { d[b.name] = b }
        return d
    }()

    var signatureText: String {
        switch self {
        case .sum, .max, .min, .average: return "<a<n>:n>"
        case .count: return "<a:n>"
        case .string: return "<x-b?:s>"
        case .substring: return "<s-nn?:s>"
        case .substringBefore, .substringAfter: return "<s-s:s>"
        case .lowercase, .uppercase, .trim: return "<s-:s>"
        case .length: return "<s-:n>"
        case .pad: return "<s-ns?:s>"
        case .match: return "<s-f<s:o>n?:a<o>>"
        case .contains: return "<s-(sf):b>"
        case .replace: return "<s-(sf)(sf)n?:s>"
        case .split: return "<s-(sf)n?:a<s>>"
        case .join: return "<a<s>s?:s>"
        case .formatNumber: return "<n-so?:s>"
        case .formatBase: return "<n-n?:s>"
        case .formatInteger: return "<n-s:s>"
        case .parseInteger: return "<s-s:n>"
        case .number: return "<(nsb)-:n>"
        case .floor, .ceil, .abs, .sqrt: return "<n-:n>"
        case .round: return "<n-n?:n>"
        case .power: return "<n-n:n>"
        case .random, .millis: return "<:n>"
        case .boolean, .not: return "<x-:b>"
        case .map, .filter: return "<af>"
        case .zip: return "<a+>"
        case .single: return "<af?>"
        case .reduce: return "<afj?:j>"
        case .sift: return "<o-f?:o>"
        case .keys: return "<x-:a<s>>"
        case .lookup: return "<x-s:x>"
        case .append: return "<xx:a>"
        case .exists: return "<x:b>"
        case .spread: return "<x-:a<o>>"
        case .merge: return "<a<o>:o>"
        case .reverse: return "<a:a>"
        case .each: return "<o-f:a>"
        case .error: return "<s?:x>"
        case .assert: return "<bs?:x>"
        case .type: return "<x:s>"
        case .sort: return "<af?:a>"
        case .shuffle: return "<a:a>"
        case .distinct: return "<x:x>"
        case .base64encode, .base64decode, .encodeUrlComponent, .encodeUrl, .decodeUrlComponent, .decodeUrl:
            return "<s-:s>"
        case .eval: return "<sx?:x>"
        case .toMillis: return "<s-s?:n>"
        case .fromMillis: return "<n-s?s?:s>"
        case .clone: return "<(oa)-:o>"
        case .now: return "<s?s?:s>"
        }
    }

    static let signatures: [Signature?] = Builtin.allCases.map { try? Signature($0.signatureText) }
    static let transformSignature: Signature? = try? Signature("<(oa):o>")

    var signature: Signature? { Builtin.signatures[rawValue] }

    /// `Function.length` of the reference's implementation (parameters before any default).
    var arity: Int {
        switch self {
        case .random, .millis, .zip: return 0
        case .substring, .pad, .match, .split, .formatNumber, .reduce, .fromMillis: return 3
        case .replace: return 4
        case .substringBefore, .substringAfter, .contains, .join, .formatBase, .formatInteger, .parseInteger,
            .round, .power, .map, .filter, .single, .sift, .lookup, .append, .each, .assert, .sort, .eval,
            .toMillis, .now:
            return 2
        default: return 1
        }
    }

    /// Parameters listed in the implementation's declaration (used for partial application).
    var declaredParams: Int { self == .string ? 2 : arity }
}
