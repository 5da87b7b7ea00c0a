/// A `JSON` value encodes itself as its own JSON text, so member order and number forms (`1.0` stays
/// `1.0`) survive any `Codable` round trip, such as an engine state saved between events.
extension JSON: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        do {
            self = try JSON(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "invalid JSON text: \(error)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(serialized())
    }
}

extension JSONObject: Codable {
    public init(from decoder: any Decoder) throws {
        guard case .object(let o) = try JSON(from: decoder) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an object"))
        }
        self = o
    }

    public func encode(to encoder: any Encoder) throws { try JSON.object(self).encode(to: encoder) }
}
