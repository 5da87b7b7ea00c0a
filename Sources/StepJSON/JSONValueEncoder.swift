/// Encodes an `Encodable` value as a `JSON` value, for a wire format that is JSON, such as a job on the queue.
///
/// Keyed containers become objects whose members keep the order they were encoded in; `nil` optionals are left
/// out (as synthesized `encodeIfPresent` asks); integers become `.int` and floating-point numbers `.double`, so
/// `1.0` is written `1.0`. `JSON` and `JSONObject` values are embedded as themselves, wherever they appear: not
/// through their own `Codable`, which makes a string of their text (for state blobs that must keep every number
/// form). Numbers JSON cannot hold (NaN, infinities, integers beyond 64 bits) throw `EncodingError.invalidValue`.
public struct JSONValueEncoder: Sendable {
    /// Handed to every `encode(to:)` as the encoder's `userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable]

    /// An encoder whose `encode(to:)` calls see `userInfo`.
    public init(userInfo: [CodingUserInfoKey: any Sendable] = [:]) { self.userInfo = userInfo }

    /// The JSON value of `value`. Throws an `EncodingError` for a value that JSON cannot hold, or for a
    /// top-level value that encodes nothing at all.
    public func encode<T: Encodable>(_ value: T) throws -> JSON {
        if let direct = JSONEncodingNode.embedded(value) { return direct }
        let node = JSONEncodingNode()
        try value.encode(to: JSONValueEncoding(node: node, path: .root, userInfo: userInfo))
        guard node.form != .empty else {
            throw EncodingError.invalidValue(
                value, EncodingError.Context(codingPath: [], debugDescription: "Top-level \(T.self) did not encode any values."))
        }
        return node.resolve()
    }
}

/// The value being encoded at one place of the tree: a scalar, an object or an array, built in place.
///
/// A member encoded through `encode(_:forKey:)` is finished when that call returns, so it goes straight into its
/// parent's object. Only containers and super encoders handed out for later writes (`nestedContainer`,
/// `superEncoder`) leave a placeholder, filled in by `resolve()` once the whole value is encoded.
private final class JSONEncodingNode {
    enum Form { case empty, single, keyed, unkeyed }
    enum Slot: Equatable {
        case key(String)
        case index(Int)
    }

    var form = Form.empty
    var single = JSON.null
    var object = JSONObject()
    var array: [JSON] = []
    /// The members whose values are still being written through containers handed out.
    var deferred: [(slot: Slot, node: JSONEncodingNode)] = []

    init() {}

    init(form: Form) { self.form = form }

    /// `value` itself when it is a `JSON` or a `JSONObject`, which are embedded as they are.
    static func embedded<T: Encodable>(_ value: T) -> JSON? {
        if T.self == JSON.self, let json = value as? JSON { return json }
        if T.self == JSONObject.self, let object = value as? JSONObject { return .object(object) }
        return nil
    }

    /// `value` encoded on its own, below `path`.
    static func encode<T: Encodable>(_ value: T, path: JSONCodingPath, userInfo: [CodingUserInfoKey: any Sendable]) throws -> JSON {
        if let direct = embedded(value) { return direct }
        // The commonest leaves, without a node of their own.
        if T.self == String.self, let s = value as? String { return .string(s) }
        if T.self == Int.self, let i = value as? Int { return .int(i) }
        if T.self == Bool.self, let b = value as? Bool { return .bool(b) }
        let node = JSONEncodingNode()
        try value.encode(to: JSONValueEncoding(node: node, path: path, userInfo: userInfo))
        return node.resolve()
    }

    /// Makes this node an object (keeping what it holds when it is one already: a subclass and its superclass
    /// may both ask for a keyed container).
    func becomeKeyed() {
        guard form != .keyed else { return }
        form = .keyed
        object = JSONObject()
        deferred = []
    }

    /// Makes this node an array, keeping its elements when it is one already.
    func becomeUnkeyed() {
        guard form != .unkeyed else { return }
        form = .unkeyed
        array = []
        deferred = []
    }

    /// Sets the member `key`: the last value encoded for a key is the one kept.
    func set(_ value: JSON, forKey key: String) {
        if !deferred.isEmpty { deferred.removeAll { $0.slot == .key(key) } }
        object[key] = value
    }

    /// A node for a member written later, through a container or encoder handed out now; its place in the
    /// order of the members is taken now.
    func deferredMember(_ key: String, form: Form) -> JSONEncodingNode {
        let child = JSONEncodingNode(form: form)
        set(.null, forKey: key)
        deferred.append((.key(key), child))
        return child
    }

    /// A node for the next element, written later.
    func deferredElement(form: Form) -> JSONEncodingNode {
        let child = JSONEncodingNode(form: form)
        deferred.append((.index(array.count), child))
        array.append(.null)
        return child
    }

    /// The finished value.
    func resolve() -> JSON {
        switch form {
        case .empty:
            return .object(JSONObject())
        case .single:
            return single
        case .keyed:
            for (slot, child) in deferred {
                if case .key(let key) = slot { object[key] = child.resolve() }
            }
            deferred = []
            return .object(object)
        case .unkeyed:
            for (slot, child) in deferred {
                if case .index(let i) = slot, array.indices.contains(i) { array[i] = child.resolve() }
            }
            deferred = []
            return .array(array)
        }
    }
}

/// An integer as `.int`, or an `EncodingError` when it does not fit in 64 bits.
private func integer<I: BinaryInteger>(_ value: I, at path: @autoclosure () -> [any CodingKey]) throws -> JSON {
    guard let i = Int(exactly: value) else {
        throw EncodingError.invalidValue(
            value, EncodingError.Context(codingPath: path(), debugDescription: "\(value) does not fit in a 64-bit signed integer."))
    }
    return .int(i)
}

/// A double as `.double`, or an `EncodingError` for NaN and the infinities, which JSON has no number for.
private func floating(_ value: Double, at path: @autoclosure () -> [any CodingKey]) throws -> JSON {
    guard value.isFinite else {
        throw EncodingError.invalidValue(
            value, EncodingError.Context(codingPath: path(), debugDescription: "Unable to encode \(value) directly in JSON."))
    }
    return .double(value)
}

/// A float as the double that prints as it does (`0.1`, not `0.10000000149011612`).
private func floating(_ value: Float, at path: @autoclosure () -> [any CodingKey]) throws -> JSON {
    guard value.isFinite else {
        throw EncodingError.invalidValue(
            value, EncodingError.Context(codingPath: path(), debugDescription: "Unable to encode \(value) directly in JSON."))
    }
    return .double(Double(value.description) ?? Double(value))
}

/// The `Encoder` handed to `encode(to:)`.
private struct JSONValueEncoding: Encoder {
    let node: JSONEncodingNode
    let path: JSONCodingPath
    let options: [CodingUserInfoKey: any Sendable]

    init(node: JSONEncodingNode, path: JSONCodingPath, userInfo: [CodingUserInfoKey: any Sendable]) {
        self.node = node
        self.path = path
        options = userInfo
    }

    var codingPath: [any CodingKey] { path.keys }
    var userInfo: [CodingUserInfoKey: Any] { options }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.becomeKeyed()
        return KeyedEncodingContainer(JSONKeyedEncoding<Key>(node: node, path: path, userInfo: options))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.becomeUnkeyed()
        return JSONUnkeyedEncoding(node: node, path: path, userInfo: options)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        JSONSingleValueEncoding(node: node, path: path, userInfo: options)
    }
}

/// Writes the members of an object, in the order they are encoded.
private struct JSONKeyedEncoding<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: JSONEncodingNode
    let path: JSONCodingPath
    let userInfo: [CodingUserInfoKey: any Sendable]

    var codingPath: [any CodingKey] { path.keys }

    mutating func encodeNil(forKey key: Key) throws { node.set(.null, forKey: key.stringValue) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { node.set(.bool(value), forKey: key.stringValue) }
    mutating func encode(_ value: String, forKey key: Key) throws { node.set(.string(value), forKey: key.stringValue) }
    mutating func encode(_ value: Int, forKey key: Key) throws { node.set(.int(value), forKey: key.stringValue) }

    mutating func encode(_ value: Double, forKey key: Key) throws {
        node.set(try floating(value, at: path.keys(appending: key)), forKey: key.stringValue)
    }

    mutating func encode(_ value: Float, forKey key: Key) throws {
        node.set(try floating(value, at: path.keys(appending: key)), forKey: key.stringValue)
    }

    mutating func encode(_ value: Int8, forKey key: Key) throws { try encodeInteger(value, forKey: key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try encodeInteger(value, forKey: key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try encodeInteger(value, forKey: key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try encodeInteger(value, forKey: key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try encodeInteger(value, forKey: key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try encodeInteger(value, forKey: key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try encodeInteger(value, forKey: key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try encodeInteger(value, forKey: key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try encodeInteger(value, forKey: key) }

    private func encodeInteger<I: BinaryInteger>(_ value: I, forKey key: Key) throws {
        node.set(try integer(value, at: path.keys(appending: key)), forKey: key.stringValue)
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        node.set(try JSONEncodingNode.encode(value, path: .key(key, path), userInfo: userInfo), forKey: key.stringValue)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let child = node.deferredMember(key.stringValue, form: .keyed)
        return KeyedEncodingContainer(JSONKeyedEncoding<NestedKey>(node: child, path: .key(key, path), userInfo: userInfo))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = node.deferredMember(key.stringValue, form: .unkeyed)
        return JSONUnkeyedEncoding(node: child, path: .key(key, path), userInfo: userInfo)
    }

    mutating func superEncoder() -> any Encoder {
        let child = node.deferredMember(JSONNameKey.super.stringValue, form: .empty)
        return JSONValueEncoding(node: child, path: .key(JSONNameKey.super, path), userInfo: userInfo)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let child = node.deferredMember(key.stringValue, form: .empty)
        return JSONValueEncoding(node: child, path: .key(key, path), userInfo: userInfo)
    }
}

/// Appends the elements of an array.
private struct JSONUnkeyedEncoding: UnkeyedEncodingContainer {
    let node: JSONEncodingNode
    let path: JSONCodingPath
    let userInfo: [CodingUserInfoKey: any Sendable]

    var codingPath: [any CodingKey] { path.keys }
    var count: Int { node.array.count }

    /// Appends an element (its value is worked out before the array is touched).
    private func append(_ value: JSON) { node.array.append(value) }

    mutating func encodeNil() throws { append(.null) }
    mutating func encode(_ value: Bool) throws { append(.bool(value)) }
    mutating func encode(_ value: String) throws { append(.string(value)) }
    mutating func encode(_ value: Int) throws { append(.int(value)) }
    mutating func encode(_ value: Double) throws { append(try floating(value, at: path.keys(appendingIndex: count))) }
    mutating func encode(_ value: Float) throws { append(try floating(value, at: path.keys(appendingIndex: count))) }
    mutating func encode(_ value: Int8) throws { try encodeInteger(value) }
    mutating func encode(_ value: Int16) throws { try encodeInteger(value) }
    mutating func encode(_ value: Int32) throws { try encodeInteger(value) }
    mutating func encode(_ value: Int64) throws { try encodeInteger(value) }
    mutating func encode(_ value: UInt) throws { try encodeInteger(value) }
    mutating func encode(_ value: UInt8) throws { try encodeInteger(value) }
    mutating func encode(_ value: UInt16) throws { try encodeInteger(value) }
    mutating func encode(_ value: UInt32) throws { try encodeInteger(value) }
    mutating func encode(_ value: UInt64) throws { try encodeInteger(value) }

    private func encodeInteger<I: BinaryInteger>(_ value: I) throws {
        append(try integer(value, at: path.keys(appendingIndex: count)))
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        append(try JSONEncodingNode.encode(value, path: .index(count, path), userInfo: userInfo))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let index = count
        let child = node.deferredElement(form: .keyed)
        return KeyedEncodingContainer(JSONKeyedEncoding<NestedKey>(node: child, path: .index(index, path), userInfo: userInfo))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let index = count
        let child = node.deferredElement(form: .unkeyed)
        return JSONUnkeyedEncoding(node: child, path: .index(index, path), userInfo: userInfo)
    }

    mutating func superEncoder() -> any Encoder {
        let index = count
        let child = node.deferredElement(form: .empty)
        return JSONValueEncoding(node: child, path: .index(index, path), userInfo: userInfo)
    }
}

/// Sets the node to one value (the last one encoded).
private struct JSONSingleValueEncoding: SingleValueEncodingContainer {
    let node: JSONEncodingNode
    let path: JSONCodingPath
    let userInfo: [CodingUserInfoKey: any Sendable]

    var codingPath: [any CodingKey] { path.keys }

    private func set(_ value: JSON) {
        node.form = .single
        node.deferred = []
        node.single = value
    }

    mutating func encodeNil() throws { set(.null) }
    mutating func encode(_ value: Bool) throws { set(.bool(value)) }
    mutating func encode(_ value: String) throws { set(.string(value)) }
    mutating func encode(_ value: Int) throws { set(.int(value)) }
    mutating func encode(_ value: Double) throws { set(try floating(value, at: path.keys)) }
    mutating func encode(_ value: Float) throws { set(try floating(value, at: path.keys)) }
    mutating func encode(_ value: Int8) throws { set(try integer(value, at: path.keys)) }
    mutating func encode(_ value: Int16) throws { set(try integer(value, at: path.keys)) }
    mutating func encode(_ value: Int32) throws { set(try integer(value, at: path.keys)) }
    mutating func encode(_ value: Int64) throws { set(try integer(value, at: path.keys)) }
    mutating func encode(_ value: UInt) throws { set(try integer(value, at: path.keys)) }
    mutating func encode(_ value: UInt8) throws { set(try integer(value, at: path.keys)) }
    mutating func encode(_ value: UInt16) throws { set(try integer(value, at: path.keys)) }
    mutating func encode(_ value: UInt32) throws { set(try integer(value, at: path.keys)) }
    mutating func encode(_ value: UInt64) throws { set(try integer(value, at: path.keys)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        set(try JSONEncodingNode.encode(value, path: path, userInfo: userInfo))
    }
}
