/// One thing wrong with a configuration: the key's dotted path, what is wrong, and where it is written.
public struct ConfigProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var message: String
    public var position: ConfigDocument.Position?

    public init(path: String, message: String, position: ConfigDocument.Position? = nil) {
        self.path = path
        self.message = message
        self.position = position
    }

    /// `line 12: worker.concurrency: expected a positive integer, got "eight"`.
    public var description: String {
        var parts: [String] = []
        if let position { parts.append("line \(position.line), column \(position.column)") }
        if !path.isEmpty { parts.append(path) }
        parts.append(message)
        return parts.joined(separator: ": ")
    }
}

/// Everything wrong with one configuration, each on its own line.
public struct ConfigProblems: Error, Sendable, CustomStringConvertible {
    public var problems: [ConfigProblem]
    /// The file the problems are in, when they come from one.
    public var file: String?

    public init(_ problems: [ConfigProblem], file: String? = nil) {
        self.problems = problems
        self.file = file
    }

    public var description: String {
        let prefix = file.map { "\($0): " } ?? ""
        return problems.map { prefix + $0.description }.joined(separator: "\n")
    }
}
