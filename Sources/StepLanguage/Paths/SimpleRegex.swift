/// A regular expression for JSONPath filters (`=~ /…/i`), on the standard library's `Regex`.
struct SimpleRegex {
    let pattern: String
    let caseInsensitive: Bool

    init?(_ pattern: String, caseInsensitive: Bool) {
        guard (try? Regex(pattern)) != nil else { return nil }
        self.pattern = pattern
        self.caseInsensitive = caseInsensitive
    }

    func matches(_ s: String) -> Bool {
        guard var r = try? Regex(pattern) else { return false }
        if caseInsensitive { r = r.ignoresCase() }
        return (try? r.wholeMatch(in: s)) != nil
    }
}
