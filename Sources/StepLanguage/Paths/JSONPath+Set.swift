import StepJSON

extension JSONPath {
    /// Returns `document` with `value` placed at this reference path, creating objects on the way,
    /// as ResultPath does. Throws a description of the problem when the path cannot be applied.
    public func setting(_ value: JSON, in document: JSON) throws(PathError) -> JSON {
        guard !segments.isEmpty else { return value }
        var doc = document
        try Self.set(value, at: segments[...], in: &doc, path: text)
        return doc
    }

    static func set(_ value: JSON, at segs: ArraySlice<PathSegment>, in doc: inout JSON, path: String) throws(PathError) {
        guard let seg = segs.first else {
            doc = value
            return
        }
        let rest = segs.dropFirst()
        switch seg {
        case .member(let name):
            guard case .object(var o) = doc else {
                throw PathError(path: path, message: "cannot set member '\(name)' on a \(doc.typeName)")
            }
            doc = .null  // release the reference so `o` is uniquely owned
            var child = o[name] ?? .object(JSONObject())
            if !rest.isEmpty, !child.isContainer { child = .object(JSONObject()) }
            try set(value, at: rest, in: &child, path: path)
            o[name] = child
            doc = .object(o)
        case .index(let i):
            guard case .array(var a) = doc else {
                throw PathError(path: path, message: "cannot index a \(doc.typeName)")
            }
            let j = i < 0 ? a.count + i : i
            guard j >= 0, j < a.count else { throw PathError(path: path, message: "index \(i) out of bounds") }
            doc = .null
            try set(value, at: rest, in: &a[j], path: path)
            doc = .array(a)
        default:
            throw PathError(path: path, message: "not a reference path")
        }
    }
}
