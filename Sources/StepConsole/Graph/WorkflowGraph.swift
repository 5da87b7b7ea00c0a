import StepJSON

/// A state machine definition as a graph: one node per state (nested states of Parallel branches and Map
/// processors included), one edge per transition (`Next`, each Choice rule, `Default`, each catcher), and the
/// boxes that hold branches and processors. Built from the definition as written, so that it draws what
/// the user wrote (conditions as text, errors by name) even before it validates.
public struct WorkflowGraph: Sendable {
    /// One state.
    public struct Node: Sendable, Equatable {
        /// The id in the SVG (`<g id="…">`): `s1`, `s2`, … in definition order.
        public var id: String
        public var name: String
        /// AWS's type name: `Task`, `Choice`, …
        public var type: String
        /// A short second line: the resource of a Task, the mode of a Map.
        public var detail: String?
        /// Retriers on the state.
        public var retriers: Int
        /// The Parallel or Map state whose branch or processor holds it, if any.
        public var parent: String?
    }

    /// What an edge stands for.
    public enum EdgeKind: String, Sendable {
        case next, choice, defaultChoice = "default", catchError = "catch"
        /// Not transitions: the start, the ends, and the links into and out of a branch or processor.
        case start, end, branch

        /// Edges that are transitions a definition declares.
        public var isTransition: Bool {
            switch self {
            case .next, .choice, .defaultChoice, .catchError: return true
            case .start, .end, .branch: return false
            }
        }
    }

    /// One edge; `from` and `to` are node ids (or the start, end and join markers').
    public struct Edge: Sendable, Equatable {
        public var from: String
        public var to: String
        public var kind: EdgeKind
        public var label: String?
        /// The container whose box the edge leaves (a Parallel's or Map's join marker lies inside it).
        public var leavesBox: String?
    }

    /// A Parallel or Map state drawn as a box holding its branches (one each) or its processor.
    public struct Container: Sendable {
        public var node: String
        public var lanes: [Lane]
    }

    /// One branch of a Parallel, or a Map's processor.
    public struct Lane: Sendable {
        public var label: String
        public var members: [String]
        public var containers: [Container]
    }

    public private(set) var nodes: [Node] = []
    public private(set) var edges: [Edge] = []
    /// Top-level states and boxes.
    public private(set) var top = Lane(label: "", members: [], containers: [])

    /// Transition edges only (what a definition declares).
    public var transitions: [Edge] { edges.filter(\.kind.isTransition) }

    public init(definition: JSON) {
        var counter = 0
        top = build(definition, parent: nil, counter: &counter, entryFrom: "start", exitTo: "end")
    }

    /// The marker node at the foot of a container's box, where its branches join.
    public static func join(_ node: String) -> String { node + "j" }

    /// Adds one state list; links `entryFrom` to its `StartAt` and its ends to `exitTo`.
    mutating func build(_ processor: JSON, parent: String?, counter: inout Int, entryFrom: String, exitTo: String) -> Lane {
        var lane = Lane(label: "", members: [], containers: [])
        guard case .object(let states)? = processor["States"] else { return lane }
        var ids: [String: String] = [:]
        for (name, _) in states {
            counter += 1
            ids[name] = "s\(counter)"
        }
        if let start = processor["StartAt"]?.stringValue, let id = ids[start] {
            edges.append(Edge(from: entryFrom, to: id, kind: parent == nil ? .start : .branch))
        }
        for (name, value) in states {
            guard let id = ids[name], case .object(let s) = value else { continue }
            let type = s["Type"]?.stringValue ?? "?"
            nodes.append(
                Node(
                    id: id, name: name, type: type, detail: Self.detail(type, s), retriers: s["Retry"]?.arrayValue?.count ?? 0,
                    parent: parent))
            lane.members.append(id)
            // Where this state's own transitions leave from: a box's join marker, or the state itself.
            var source = id
            var box: String?
            if type == "Parallel" || type == "Map" {
                var container = Container(node: id, lanes: [])
                let join = Self.join(id)
                if type == "Parallel", case .array(let branches)? = s["Branches"] {
                    for (i, branch) in branches.enumerated() {
                        var l = build(branch, parent: id, counter: &counter, entryFrom: id, exitTo: join)
                        l.label = "Branch \(i + 1)"
                        container.lanes.append(l)
                    }
                } else if type == "Map", let processor = s["ItemProcessor"] ?? s["Iterator"] {
                    var l = build(processor, parent: id, counter: &counter, entryFrom: id, exitTo: join)
                    l.label = "Item processor"
                    container.lanes.append(l)
                }
                lane.containers.append(container)
                source = join
                box = id
            }
            func link(_ target: JSON?, _ kind: EdgeKind, _ label: String? = nil) {
                guard let t = target?.stringValue else { return }
                // A target that names no state still gets an edge, to a node that shows the mistake.
                let to = ids[t] ?? "missing:" + t
                edges.append(Edge(from: source, to: to, kind: kind, label: label, leavesBox: box))
            }
            if case .array(let choices)? = s["Choices"] {
                for case .object(let c) in choices { link(c["Next"], .choice, ConditionText.short(c)) }
                link(s["Default"], .defaultChoice, "Default")
            }
            link(s["Next"], .next)
            if case .array(let catchers)? = s["Catch"] {
                for case .object(let c) in catchers {
                    let errors = c["ErrorEquals"]?.arrayValue?.compactMap(\.stringValue) ?? []
                    link(c["Next"], .catchError, "⚠ " + ConditionText.truncate(errors.joined(separator: ", "), 32))
                }
            }
            if s["End"] == .bool(true) || type == "Succeed" || type == "Fail" {
                edges.append(Edge(from: source, to: exitTo, kind: parent == nil ? .end : .branch, leavesBox: box))
            }
        }
        return lane
    }

    /// The second line of a node's label.
    static func detail(_ type: String, _ s: JSONObject) -> String? {
        switch type {
        case "Task":
            guard let resource = s["Resource"]?.stringValue else { return nil }
            return ConditionText.truncate(Self.shortResource(resource), 36)
        case "Map":
            if case .object(let p)? = s["ItemProcessor"], case .object(let config)? = p["ProcessorConfig"],
                config["Mode"]?.stringValue == "DISTRIBUTED"
            {
                return "Distributed"
            }
            return nil
        case "Wait":
            if let n = s["Seconds"]?.intValue { return "\(n) s" }
            return nil
        case "Fail":
            return s["Error"]?.stringValue.map { ConditionText.truncate($0, 36) }
        default:
            return nil
        }
    }

    /// `arn:aws:states:::lambda:invoke` → `lambda:invoke`; `arn:aws:lambda:…:function:f` → `function:f`.
    static func shortResource(_ arn: String) -> String {
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 6, parts[0] == "arn" else { return arn }
        if parts[2] == "states", parts[3].isEmpty, parts[4].isEmpty { return parts[5...].joined(separator: ":") }
        return parts[5...].joined(separator: ":")
    }
}
