import StepJSON

extension Intrinsics {
    /// `States.StringToJson(string)`: the parsed JSON; blank text gives `null`, as AWS's parser does.
    static func stringToJson(_ value: JSON) throws(IntrinsicFailure) -> JSON {
        let text = try string(value, .stringToJson)
        if text.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
            return .null
        }
        do {
            return try JSON(parsing: text)
        } catch {
            throw .invalid(.stringToJson)
        }
    }

    /// `States.JsonMerge(left, right, deep)`: a shallow merge where `right`'s members win. AWS only
    /// supports shallow merging: `true` as the third argument fails, anything else means shallow.
    /// The result comes out in `java.util.HashMap` order, as AWS builds it in one.
    static func jsonMerge(_ left: JSON, _ right: JSON, _ deep: JSON) throws(IntrinsicFailure) -> JSON {
        guard case .object(let first) = left, case .object(let second) = right else {
            throw .invalid(.jsonMerge)
        }
        if case .bool(true) = deep { throw .invalid(.jsonMerge) }
        return .object(Java.hashMapMerge(first, second))
    }
}
