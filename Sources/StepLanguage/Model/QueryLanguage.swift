/// The language a state's expressions are written in.
public enum QueryLanguage: String, Sendable, Codable {
    case jsonPath = "JSONPath"
    case jsonata = "JSONata"
}
