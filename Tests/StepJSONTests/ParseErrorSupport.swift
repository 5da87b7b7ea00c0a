@testable import StepJSON

/// The error `JSON(parsing:)` throws for `text`, or `nil` when it parses.
func parseError(_ text: String) -> JSONParseError? {
    do throws(JSONParseError) {
        _ = try JSON(parsing: text)
        return nil
    } catch {
        return error
    }
}
