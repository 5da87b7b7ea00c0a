import StepJSON
import StepLanguage

/// AWS's JSON protocols carry dates as epoch seconds (a number with a fraction); the store's records
/// render them as ISO-8601 text. This turns the one into the other in a response.
enum APIDates {
    static let keys: Set<String> = [
        "creationDate", "startDate", "stopDate", "updateDate", "redriveDate", "timestamp", "lastModified",
    ]

    static func epoch(_ t: Timestamp) -> JSON {
        .double(Double(t.seconds) + Double(t.nanoseconds / 1_000_000) / 1000)
    }

    /// The value with every date member (by name) as epoch seconds, at any depth.
    static func epochs(_ value: JSON) -> JSON {
        switch value {
        case .object(let o):
            var out = JSONObject(minimumCapacity: o.count)
            for (k, v) in o {
                if keys.contains(k), let text = v.stringValue, let t = Timestamp.parse(text) {
                    out[k] = epoch(t)
                } else {
                    out[k] = epochs(v)
                }
            }
            return .object(out)
        case .array(let items):
            return .array(items.map(epochs))
        default:
            return value
        }
    }
}
