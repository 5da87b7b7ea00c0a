import StepJSON

/// Reads the members of a request body, answering a missing or mistyped member with AWS's
/// `ValidationException` wording.
struct RequestFields {
    let object: JSONObject

    init(_ body: [UInt8]) throws(APIError) {
        if body.isEmpty {
            object = JSONObject()
            return
        }
        guard case .object(let o)? = try? JSON(parsing: body) else {
            throw APIError("SerializationException", "The request body is not a JSON object", status: 400)
        }
        object = o
    }

    /// A required string member.
    func string(_ name: String) throws(APIError) -> String {
        guard let value = object[name], value != .null else {
            throw APIError.validation(
                "1 validation error detected: Value null at '\(name)' failed to satisfy constraint: Member must not be null")
        }
        guard let s = value.stringValue else { throw APIError("SerializationException", "'\(name)' must be a string") }
        return s
    }

    /// An optional string member.
    func optionalString(_ name: String) throws(APIError) -> String? {
        guard let value = object[name], value != .null else { return nil }
        guard let s = value.stringValue else { throw APIError("SerializationException", "'\(name)' must be a string") }
        return s
    }

    func int(_ name: String) throws(APIError) -> Int? {
        guard let value = object[name], value != .null else { return nil }
        guard let i = value.intValue else { throw APIError("SerializationException", "'\(name)' must be an integer") }
        return i
    }

    func bool(_ name: String) throws(APIError) -> Bool? {
        guard let value = object[name], value != .null else { return nil }
        guard case .bool(let b) = value else { throw APIError("SerializationException", "'\(name)' must be a boolean") }
        return b
    }

    subscript(name: String) -> JSON? { object[name] }
}
