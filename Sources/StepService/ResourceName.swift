/// AWS's rule for the names of state machines, executions and activities.
public enum ResourceName {
    /// 1 to 80 characters, with no white space, brackets `< > { } [ ]`, wildcards `? *`, special characters
    /// `" # % \ ^ | ~ ` $ & , ; : /` or control characters (U+0000–001F, U+007F–009F).
    public static func isValid(_ s: String) -> Bool {
        guard !s.isEmpty, s.count <= 80 else { return false }
        let forbidden = Set("?*<>{}[]\"#%\\^|~`$&,;:/")
        return !s.unicodeScalars.contains { c in
            forbidden.contains(Character(c)) || c.properties.isWhitespace || c.value < 0x20
                || (0x7F...0x9F).contains(c.value)
        }
    }
}
