/// The coding path of a value being encoded or decoded by `JSONValueEncoder` or `JSONValueDecoder`, as a linked
/// list: descending into a member costs one small node, not a copy of the path; the array that `codingPath`
/// wants is made only when asked for (in errors, mostly).
indirect enum JSONCodingPath {
    case root
    case key(any CodingKey, JSONCodingPath)
    case index(Int, JSONCodingPath)

    /// The path from the top-level value down.
    var keys: [any CodingKey] {
        var out: [any CodingKey] = []
        var node = self
        while true {
            switch node {
            case .root:
                out.reverse()
                return out
            case .key(let key, let parent):
                out.append(key)
                node = parent
            case .index(let i, let parent):
                out.append(JSONIndexKey(i))
                node = parent
            }
        }
    }

    /// The path to the member `key` of this value.
    func keys(appending key: any CodingKey) -> [any CodingKey] { keys + [key] }

    /// The path to the element at `index` of this array.
    func keys(appendingIndex index: Int) -> [any CodingKey] { keys + [JSONIndexKey(index)] }
}

/// The coding key of an array element in a coding path (`Index 3`, as Foundation names it).
struct JSONIndexKey: CodingKey {
    let intValue: Int?
    let stringValue: String

    init(_ index: Int) {
        intValue = index
        stringValue = "Index \(index)"
    }

    init?(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }

    init?(intValue: Int) { self.init(intValue) }
}

/// A coding key made of a name: `super`, for the super encoders and decoders that are asked for without one.
struct JSONNameKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }

    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.init(stringValue) }
    init?(intValue: Int) { nil }

    static let `super` = JSONNameKey("super")
}
