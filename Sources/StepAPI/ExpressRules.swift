import StepJSON

/// What an Express state machine may not contain, checked as AWS checks it when the machine is created
/// or validated: `.sync` and `.waitForTaskToken` integrations and activities (an Express execution
/// cannot wait for them).
enum ExpressRules {
    /// AWS's messages, each with the JSON pointer of the offending `Resource`.
    static func problems(_ definition: JSON) -> [(message: String, location: String)] {
        var out: [(String, String)] = []
        visit(definition, at: "", into: &out)
        return out
    }

    static func visit(_ machine: JSON, at prefix: String, into out: inout [(String, String)]) {
        guard case .object(let states)? = machine["States"] else { return }
        for (name, st) in states {
            let path = "\(prefix)/States/\(name)"
            if st["Type"]?.stringValue == "Task", let resource = st["Resource"]?.stringValue {
                let location = "\(path)/Resource"
                if resource.hasSuffix(".waitForTaskToken") {
                    // AWS's text has two spaces before "at" here.
                    out.append(("Express state machine does not support '.waitForTaskToken' service integration ", location))
                } else if resource.hasSuffix(".sync") || resource.hasSuffix(".sync:2") {
                    out.append(("Express state machine does not support '.sync' service integration", location))
                } else if resource.contains(":activity:") {
                    out.append(("Express state machine does not support Activity ARN", location))
                }
            }
            if case .array(let branches)? = st["Branches"] {
                for (i, b) in branches.enumerated() { visit(b, at: "\(path)/Branches[\(i)]", into: &out) }
            }
            for key in ["ItemProcessor", "Iterator"] {
                if let processor = st[key] { visit(processor, at: "\(path)/\(key)", into: &out) }
            }
        }
    }
}
