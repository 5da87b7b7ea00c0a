import Foundation
import StepJSON
import Yams

/// A configuration file read into JSON values, YAML or JSON alike (JSON is YAML's flow style), with the
/// line and column of every key and value so that a problem can be pointed at.
public struct ConfigDocument: Sendable {
    /// A place in the file, counted from 1.
    public struct Position: Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var column: Int
        public init(line: Int, column: Int) {
            self.line = line
            self.column = column
        }
        public var description: String { "line \(line), column \(column)" }
    }

    /// The file's path, as given.
    public var path: String
    /// The whole file as JSON; scalars are typed by the settings they belong to (an unquoted `0123` for
    /// `account` stays the string it was written as).
    public var value: JSON
    /// Where each value starts, by dotted path (`worker.concurrency`, `rules.0.name`); `""` is the top.
    public var positions: [String: Position]
    /// Where each key is written, by the dotted path of its value.
    public var keyPositions: [String: Position]

    /// The folder of the file, against which its relative paths are read.
    public var directory: String { URL(fileURLWithPath: path).deletingLastPathComponent().path }

    public init(path: String, value: JSON, positions: [String: Position] = [:], keyPositions: [String: Position] = [:]) {
        self.path = path
        self.value = value
        self.positions = positions
        self.keyPositions = keyPositions
    }

    /// Reads a file; a syntax error is a `ConfigProblem` with its line and column.
    public static func read(_ path: String) throws(ConfigProblems) -> ConfigDocument {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigProblems([ConfigProblem(path: "", message: "cannot read the config file '\(path)'")], file: path)
        }
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    /// Reads text as YAML (or JSON).
    public static func parse(_ text: String, path: String) throws(ConfigProblems) -> ConfigDocument {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ConfigProblems([Self.problem(error)], file: path)
        } catch {
            throw ConfigProblems([ConfigProblem(path: "", message: "\(error)")], file: path)
        }
        var builder = Builder()
        let value = node.map { builder.convert($0, path: "") } ?? .object(JSONObject())
        if !builder.problems.isEmpty { throw ConfigProblems(builder.problems, file: path) }
        return ConfigDocument(path: path, value: value, positions: builder.positions, keyPositions: builder.keyPositions)
    }

    static func problem(_ error: YamlError) -> ConfigProblem {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return ConfigProblem(
                path: "", message: "not valid YAML or JSON: \(problem)", position: Position(line: mark.line, column: mark.column))
        case .duplicatedKeysInMapping(let duplicates, _):
            return ConfigProblem(path: "", message: "a key is given twice: \(duplicates.joined(separator: ", "))")
        default:
            return ConfigProblem(path: "", message: "not valid YAML or JSON: \(error)")
        }
    }

    /// Turns YAML nodes into JSON values, noting positions.
    struct Builder {
        var positions: [String: Position] = [:]
        var keyPositions: [String: Position] = [:]
        var problems: [ConfigProblem] = []

        mutating func convert(_ node: Node, path: String) -> JSON {
            if let mark = node.mark { positions[path] = Position(line: mark.line, column: mark.column) }
            switch node {
            case .scalar(let scalar):
                return Self.scalar(scalar, asText: Self.isTextSetting(path))
            case .sequence(let sequence):
                var out: [JSON] = []
                for (i, item) in sequence.enumerated() { out.append(convert(item, path: Self.join(path, String(i)))) }
                return .array(out)
            case .mapping(let mapping):
                var object = JSONObject()
                for (keyNode, valueNode) in mapping {
                    guard let key = keyNode.string else {
                        problems.append(
                            ConfigProblem(
                                path: path, message: "a key must be a string",
                                position: keyNode.mark.map {
                                    Position(line: $0.line, column: $0.column)
                                }))
                        continue
                    }
                    let child = Self.join(path, key)
                    if let mark = keyNode.mark { keyPositions[child] = Position(line: mark.line, column: mark.column) }
                    if object[key] != nil {
                        problems.append(ConfigProblem(path: child, message: "given twice", position: keyPositions[child]))
                    }
                    object[key] = convert(valueNode, path: child)
                }
                return .object(object)
            case .alias:
                // compose resolves aliases before we see the tree; one left over is an unknown anchor.
                problems.append(ConfigProblem(path: path, message: "an alias to an unknown anchor", position: positions[path]))
                return .null
            }
        }

        static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

        /// String settings keep their text as written: `account: 000111` is not the number 111.
        static func isTextSetting(_ path: String) -> Bool {
            guard let s = SettingsSchema.setting(path) else { return false }
            switch s.kind {
            case .string, .path, .address, .url: return true
            default: return false
            }
        }

        /// YAML 1.2's core schema: null, booleans, integers and floats unquoted; everything quoted is text.
        static func scalar(_ scalar: Node.Scalar, asText: Bool) -> JSON {
            let text = scalar.string
            if scalar.style != .plain || scalar.tag.rawValue == Tag.Name.str.rawValue { return .string(text) }
            if asText && !text.isEmpty && text != "~" && text != "null" { return .string(text) }
            switch text {
            case "", "~", "null", "Null", "NULL": return .null
            case "true", "True", "TRUE": return .bool(true)
            case "false", "False", "FALSE": return .bool(false)
            default: break
            }
            if let i = Int(text) { return .int(i) }
            if text.hasPrefix("0x"), let i = Int(text.dropFirst(2), radix: 16) { return .int(i) }
            if text.first.map({ $0.isNumber || $0 == "-" || $0 == "+" || $0 == "." }) == true, let d = Double(text),
                d.isFinite
            {
                return .double(d)
            }
            return .string(text)
        }
    }
}
