/// Decodes a `Decodable` value from a `JSON` value, the inverse of `JSONValueEncoder`.
///
/// `JSON` and `JSONObject` members are taken as they are (not as strings of JSON text, which their own `Codable`
/// reads). Numbers convert where exact: `2.0` decodes as an `Int`, `2` as a `Double`; an integer that does not fit
/// the type asked for (`300` as `Int8`, `-1` as `UInt64`, `1e19` as `Int64`) is a `DecodingError.dataCorrupted`,
/// a member of the wrong type a `DecodingError.typeMismatch`, a missing one `DecodingError.keyNotFound`, each with
/// the coding path to the value (`JSONValueDecoder.describe(_:)` words them for a log or a reason).
public struct JSONValueDecoder: Sendable {
    /// Handed to every `init(from:)` as the decoder's `userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable]

    /// A decoder whose `init(from:)` calls see `userInfo`.
    public init(userInfo: [CodingUserInfoKey: any Sendable] = [:]) { self.userInfo = userInfo }

    /// The `T` that `json` holds; throws a `DecodingError` that says where and why it does not.
    public func decode<T: Decodable>(_ type: T.Type, from json: JSON) throws -> T {
        try JSONValueDecoding.decode(T.self, from: json, path: .root, userInfo: userInfo)
    }

    /// A one-line account of a decoding error: the coding path to the value (`request.items[2].id`) and what is
    /// wrong with it. Any other error is described as it describes itself.
    public static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        let context: DecodingError.Context
        if case .keyNotFound(let key, let c) = error {
            return "\(dotted(c.codingPath + [key])): \(c.debugDescription)"
        } else if case .typeMismatch(_, let c) = error {
            context = c
        } else if case .valueNotFound(_, let c) = error {
            context = c
        } else if case .dataCorrupted(let c) = error {
            context = c
        } else {
            return "\(error)"
        }
        return "\(dotted(context.codingPath)): \(context.debugDescription)"
    }

    /// `a.b[2].c`, or `the top level` for the empty path.
    private static func dotted(_ path: [any CodingKey]) -> String {
        guard !path.isEmpty else { return "the top level" }
        var out = ""
        for key in path {
            if let i = key.intValue {
                out += "[\(i)]"
            } else {
                if !out.isEmpty { out += "." }
                out += key.stringValue
            }
        }
        return out
    }
}

/// What is found, for error messages: "a string", "an object".
private func found(_ value: JSON) -> String {
    switch value {
    case .null: return "null"
    case .array: return "an array"
    case .object: return "an object"
    default: return "a \(value.typeName)"
    }
}

/// The error for `value` found where a `type` (`expected`, in words) was wanted: `valueNotFound` for null,
/// `typeMismatch` for anything else.
private func mismatch(_ type: Any.Type, _ value: JSON, at path: [any CodingKey], expected: String? = nil) -> DecodingError {
    let wanted = expected ?? "\(type)"
    if value.isNull {
        return DecodingError.valueNotFound(
            type, DecodingError.Context(codingPath: path, debugDescription: "Expected to decode \(wanted) but found null instead."))
    }
    return DecodingError.typeMismatch(
        type, DecodingError.Context(codingPath: path, debugDescription: "Expected to decode \(wanted) but found \(found(value)) instead."))
}

/// The scalar conversions, shared by the three kinds of container. The path is worked out only for an error.
private enum Scalar {
    static func bool(_ value: JSON, at path: @autoclosure () -> [any CodingKey]) throws -> Bool {
        guard case .bool(let b) = value else { throw mismatch(Bool.self, value, at: path()) }
        return b
    }

    static func string(_ value: JSON, at path: @autoclosure () -> [any CodingKey]) throws -> String {
        guard case .string(let s) = value else { throw mismatch(String.self, value, at: path()) }
        return s
    }

    static func double(_ value: JSON, at path: @autoclosure () -> [any CodingKey]) throws -> Double {
        switch value {
        case .double(let d): return d
        case .int(let i): return Double(i)
        default: throw mismatch(Double.self, value, at: path())
        }
    }

    static func float(_ value: JSON, at path: @autoclosure () -> [any CodingKey]) throws -> Float {
        let d = try double(value, at: path())
        let f = Float(d)
        guard f.isFinite || !d.isFinite else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: path(), debugDescription: "Number \(d) does not fit in Float."))
        }
        return f
    }

    static func integer<I: FixedWidthInteger>(_ value: JSON, as type: I.Type, at path: @autoclosure () -> [any CodingKey]) throws -> I {
        switch value {
        case .int(let i):
            guard let n = I(exactly: i) else {
                throw DecodingError.dataCorrupted(
                    DecodingError.Context(codingPath: path(), debugDescription: "Number \(i) does not fit in \(I.self)."))
            }
            return n
        case .double(let d):
            guard let n = I(exactly: d) else {
                throw DecodingError.dataCorrupted(
                    DecodingError.Context(codingPath: path(), debugDescription: "Number \(d) is not representable as \(I.self)."))
            }
            return n
        default:
            throw mismatch(I.self, value, at: path())
        }
    }
}

/// The `Decoder` handed to `init(from:)`: one value and where it is.
private struct JSONValueDecoding: Decoder {
    let value: JSON
    let path: JSONCodingPath
    let options: [CodingUserInfoKey: any Sendable]

    var codingPath: [any CodingKey] { path.keys }
    var userInfo: [CodingUserInfoKey: Any] { options }

    /// `value` as a `T`: `JSON` and `JSONObject` as they are, the commonest leaves directly, anything else
    /// through `T.init(from:)`.
    static func decode<T: Decodable>(
        _ type: T.Type, from value: JSON, path: JSONCodingPath, userInfo: [CodingUserInfoKey: any Sendable]
    ) throws -> T {
        if T.self == JSON.self, let json = value as? T { return json }
        if T.self == JSONObject.self {
            guard case .object(let object) = value else { throw mismatch(JSONObject.self, value, at: path.keys) }
            if let object = object as? T { return object }
        }
        if T.self == String.self, let s = try Scalar.string(value, at: path.keys) as? T { return s }
        if T.self == Int.self, let i = try Scalar.integer(value, as: Int.self, at: path.keys) as? T { return i }
        if T.self == Bool.self, let b = try Scalar.bool(value, at: path.keys) as? T { return b }
        return try T(from: JSONValueDecoding(value: value, path: path, options: userInfo))
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = value else {
            throw mismatch(JSONObject.self, value, at: path.keys, expected: "an object")
        }
        return KeyedDecodingContainer(JSONKeyedDecoding<Key>(object: object, path: path, userInfo: options))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let array) = value else { throw mismatch([JSON].self, value, at: path.keys, expected: "an array") }
        return JSONUnkeyedDecoding(array: array, path: path, userInfo: options)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        JSONSingleValueDecoding(value: value, path: path, userInfo: options)
    }
}

/// Reads the members of an object.
private struct JSONKeyedDecoding<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: JSONObject
    let path: JSONCodingPath
    let userInfo: [CodingUserInfoKey: any Sendable]

    var codingPath: [any CodingKey] { path.keys }
    var allKeys: [Key] { object.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { object.position(of: key.stringValue) != nil }

    /// The member `key`, or `keyNotFound`.
    private func member(_ key: Key) throws -> JSON {
        guard let value = object[key.stringValue] else {
            throw DecodingError.keyNotFound(
                key, DecodingError.Context(codingPath: path.keys, debugDescription: "No value for the key \"\(key.stringValue)\"."))
        }
        return value
    }

    /// The member `key` unless it is missing or null.
    private func present(_ key: Key) -> JSON? {
        guard let value = object[key.stringValue], !value.isNull else { return nil }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool { try member(key).isNull }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try Scalar.bool(member(key), at: path.keys(appending: key)) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        try Scalar.string(member(key), at: path.keys(appending: key))
    }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        try Scalar.double(member(key), at: path.keys(appending: key))
    }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try Scalar.float(member(key), at: path.keys(appending: key)) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(key) }

    private func integer<I: FixedWidthInteger>(_ key: Key) throws -> I {
        try Scalar.integer(member(key), as: I.self, at: path.keys(appending: key))
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try JSONValueDecoding.decode(T.self, from: member(key), path: .key(key, path), userInfo: userInfo)
    }

    // One look-up each for the optional members (the default implementations take three).
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        try present(key).map { try Scalar.bool($0, at: path.keys(appending: key)) }
    }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        try present(key).map { try Scalar.string($0, at: path.keys(appending: key)) }
    }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        try present(key).map { try Scalar.double($0, at: path.keys(appending: key)) }
    }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? {
        try present(key).map { try Scalar.float($0, at: path.keys(appending: key)) }
    }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try integerIfPresent(key) }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try integerIfPresent(key) }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try integerIfPresent(key) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try integerIfPresent(key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try integerIfPresent(key) }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try integerIfPresent(key) }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try integerIfPresent(key) }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try integerIfPresent(key) }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try integerIfPresent(key) }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try integerIfPresent(key) }

    private func integerIfPresent<I: FixedWidthInteger>(_ key: Key) throws -> I? {
        try present(key).map { try Scalar.integer($0, as: I.self, at: path.keys(appending: key)) }
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let value = present(key) else { return nil }
        return try JSONValueDecoding.decode(T.self, from: value, path: .key(key, path), userInfo: userInfo)
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        let value = try member(key)
        guard case .object(let object) = value else {
            throw mismatch(JSONObject.self, value, at: path.keys(appending: key), expected: "an object")
        }
        return KeyedDecodingContainer(JSONKeyedDecoding<NestedKey>(object: object, path: .key(key, path), userInfo: userInfo))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        let value = try member(key)
        guard case .array(let array) = value else {
            throw mismatch([JSON].self, value, at: path.keys(appending: key), expected: "an array")
        }
        return JSONUnkeyedDecoding(array: array, path: .key(key, path), userInfo: userInfo)
    }

    func superDecoder() throws -> any Decoder {
        JSONValueDecoding(
            value: object[JSONNameKey.super.stringValue] ?? .null, path: .key(JSONNameKey.super, path), options: userInfo)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        JSONValueDecoding(value: object[key.stringValue] ?? .null, path: .key(key, path), options: userInfo)
    }
}

/// Reads the elements of an array in turn; a failed read leaves the position where it was.
private struct JSONUnkeyedDecoding: UnkeyedDecodingContainer {
    let array: [JSON]
    let path: JSONCodingPath
    let userInfo: [CodingUserInfoKey: any Sendable]
    private(set) var currentIndex = 0

    init(array: [JSON], path: JSONCodingPath, userInfo: [CodingUserInfoKey: any Sendable]) {
        self.array = array
        self.path = path
        self.userInfo = userInfo
    }

    var codingPath: [any CodingKey] { path.keys }
    var count: Int? { array.count }
    var isAtEnd: Bool { currentIndex >= array.count }

    /// The element at the current position, or `valueNotFound` past the end.
    private func current(_ type: Any.Type) throws -> JSON {
        guard currentIndex < array.count else {
            throw DecodingError.valueNotFound(
                type,
                DecodingError.Context(
                    codingPath: path.keys(appendingIndex: currentIndex), debugDescription: "No element left to decode as \(type)."))
        }
        return array[currentIndex]
    }

    /// The path to the current element.
    private var currentPath: [any CodingKey] { path.keys(appendingIndex: currentIndex) }

    mutating func decodeNil() throws -> Bool {
        guard try current(Any?.self).isNull else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool {
        let value = try Scalar.bool(current(type), at: currentPath)
        currentIndex += 1
        return value
    }

    mutating func decode(_ type: String.Type) throws -> String {
        let value = try Scalar.string(current(type), at: currentPath)
        currentIndex += 1
        return value
    }

    mutating func decode(_ type: Double.Type) throws -> Double {
        let value = try Scalar.double(current(type), at: currentPath)
        currentIndex += 1
        return value
    }

    mutating func decode(_ type: Float.Type) throws -> Float {
        let value = try Scalar.float(current(type), at: currentPath)
        currentIndex += 1
        return value
    }

    mutating func decode(_ type: Int.Type) throws -> Int { try integer() }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try integer() }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try integer() }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try integer() }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try integer() }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try integer() }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try integer() }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try integer() }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try integer() }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try integer() }

    private mutating func integer<I: FixedWidthInteger>() throws -> I {
        let value = try Scalar.integer(current(I.self), as: I.self, at: currentPath)
        currentIndex += 1
        return value
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let value = try JSONValueDecoding.decode(T.self, from: current(type), path: .index(currentIndex, path), userInfo: userInfo)
        currentIndex += 1
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let value = try current(KeyedDecodingContainer<NestedKey>.self)
        guard case .object(let object) = value else { throw mismatch(JSONObject.self, value, at: currentPath, expected: "an object") }
        let container = JSONKeyedDecoding<NestedKey>(object: object, path: .index(currentIndex, path), userInfo: userInfo)
        currentIndex += 1
        return KeyedDecodingContainer(container)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let value = try current((any UnkeyedDecodingContainer).self)
        guard case .array(let array) = value else { throw mismatch([JSON].self, value, at: currentPath, expected: "an array") }
        let container = JSONUnkeyedDecoding(array: array, path: .index(currentIndex, path), userInfo: userInfo)
        currentIndex += 1
        return container
    }

    mutating func superDecoder() throws -> any Decoder {
        let decoder = JSONValueDecoding(value: try current((any Decoder).self), path: .index(currentIndex, path), options: userInfo)
        currentIndex += 1
        return decoder
    }
}

/// Reads one value.
private struct JSONSingleValueDecoding: SingleValueDecodingContainer {
    let value: JSON
    let path: JSONCodingPath
    let userInfo: [CodingUserInfoKey: any Sendable]

    var codingPath: [any CodingKey] { path.keys }

    func decodeNil() -> Bool { value.isNull }
    func decode(_ type: Bool.Type) throws -> Bool { try Scalar.bool(value, at: path.keys) }
    func decode(_ type: String.Type) throws -> String { try Scalar.string(value, at: path.keys) }
    func decode(_ type: Double.Type) throws -> Double { try Scalar.double(value, at: path.keys) }
    func decode(_ type: Float.Type) throws -> Float { try Scalar.float(value, at: path.keys) }
    func decode(_ type: Int.Type) throws -> Int { try Scalar.integer(value, as: type, at: path.keys) }
    func decode(_ type: Int8.Type) throws -> Int8 { try Scalar.integer(value, as: type, at: path.keys) }
    func decode(_ type: Int16.Type) throws -> Int16 { try Scalar.integer(value, as: type, at: path.keys) }
    func decode(_ type: Int32.Type) throws -> Int32 { try Scalar.integer(value, as: type, at: path.keys) }
    func decode(_ type: Int64.Type) throws -> Int64 { try Scalar.integer(value, as: type, at: path.keys) }
    func decode(_ type: UInt.Type) throws -> UInt { try Scalar.integer(value, as: type, at: path.keys) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try Scalar.integer(value, as: type, at: path.keys) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try Scalar.integer(value, as: type, at: path.keys) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try Scalar.integer(value, as: type, at: path.keys) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try Scalar.integer(value, as: type, at: path.keys) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONValueDecoding.decode(T.self, from: value, path: path, userInfo: userInfo)
    }
}
