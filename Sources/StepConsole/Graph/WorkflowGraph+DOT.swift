import Foundation
import StepGraphviz
import StepJSON

extension WorkflowGraph {
    /// The graph in Graphviz's DOT language: states as rounded boxes (`class="state type-task"`, `id="s1"`),
    /// Parallel and Map states as boxes (clusters) holding their branches, transitions as edges
    /// (`class="transition next|choice|default|catch"`), catch edges dashed and labelled with their errors.
    public var dot: String { dot(progress: nil) }

    /// The graph with each state filled by what happened to it in one execution (`progress`), its status also
    /// written under its name (a symbol and a word, for readers who cannot tell the colours apart), the
    /// transitions taken drawn bold.
    public func dot(progress: ExecutionProgress?) -> String {
        var out = """
            digraph workflow {
            graph [rankdir=TB, compound=true, nodesep=0.3, ranksep=0.42, fontname="Helvetica", fontsize=10, bgcolor="transparent", pad=0.2];
            node [fontname="Helvetica", fontsize=11, shape=box, style="rounded,filled", fillcolor="#ffffff", color="#5f6b7a", margin="0.14,0.05", height=0.4];
            edge [fontname="Helvetica", fontsize=9, arrowsize=0.7, color="#5f6b7a"];
            start [id="start", class="marker start", shape=circle, label="", width=0.22, height=0.22, style=filled, fillcolor="#5f6b7a"];
            end [id="end", class="marker end", shape=doublecircle, label="", width=0.16, height=0.16, style=filled, fillcolor="#5f6b7a"];

            """
        let byId = Dictionary(nodes.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        write(top, byId, progress, into: &out, indent: "")
        var missing: [String] = []
        for e in edges where e.to.hasPrefix("missing:") && !missing.contains(e.to) { missing.append(e.to) }
        for m in missing {
            out +=
                "\(Self.quote(m)) [class=\"missing\", label=\(Self.quote("✗ " + m.dropFirst(8) + " (no such state)")), style=\"dashed\"];\n"
        }
        var transition = 0
        for e in edges {
            var attrs: [String] = []
            if e.kind.isTransition {
                transition += 1
                attrs.append("id=\"t\(transition)\"")
                attrs.append("class=\"transition \(e.kind.rawValue)\"")
            } else {
                attrs.append("class=\"link \(e.kind.rawValue)\"")
            }
            if let label = e.label { attrs.append("label=\(Self.quote(label))") }
            switch e.kind {
            case .catchError: attrs.append("style=dashed, color=\"#b3261e\", fontcolor=\"#b3261e\"")
            case .defaultChoice: attrs.append("style=dotted")
            case .branch, .start, .end: attrs.append("arrowhead=none, color=\"#9aa5b1\"")
            default: break
            }
            if let box = e.leavesBox { attrs.append("ltail=\"cluster_\(box)\"") }
            if let progress, e.kind.isTransition, let from = byId[e.from] ?? byId[String(e.from.dropLast())],
                let to = byId[e.to], progress.status(of: from.name) != .notReached, progress.status(of: to.name) != .notReached
            {
                attrs.append("penwidth=2.2")
            }
            if byId[e.to]?.type == "Parallel" || byId[e.to]?.type == "Map", e.kind.isTransition {
                attrs.append("lhead=\"cluster_\(e.to)\"")
            }
            out += "\(Self.quote(e.from)) -> \(Self.quote(e.to)) [\(attrs.joined(separator: ", "))];\n"
        }
        out += "}\n"
        return out
    }

    func write(_ lane: Lane, _ byId: [String: Node], _ progress: ExecutionProgress?, into out: inout String, indent: String) {
        for id in lane.members {
            guard let n = byId[id] else { continue }
            let status = progress.map { $0.states[n.name] ?? ExecutionProgress.StateProgress(status: .notReached) }
            var statusClass = ""
            if let status { statusClass = " status-" + status.status.rawValue }
            var attrs = [
                "id=\"\(n.id)\"", "class=\"state type-\(n.type.lowercased())\(statusClass)\"", "label=<\(Self.label(n, status))>",
            ]
            if let status {
                let (fill, stroke) = Self.colours(status.status)
                attrs.append("fillcolor=\"\(fill)\", color=\"\(stroke)\"")
                if status.status == .notReached { attrs.append("fontcolor=\"#6b7480\"") }
            }
            if n.type == "Succeed" || n.type == "Fail" { attrs.append("style=\"rounded,filled,bold\"") }
            if n.type == "Choice" { attrs.append("shape=box, style=\"rounded,filled,diagonals\"") }
            if let container = lane.containers.first(where: { $0.node == id }) {
                out += "\(indent)subgraph cluster_\(id) {\n"
                out +=
                    "\(indent)  id=\"box-\(id)\"; class=\"box type-\(n.type.lowercased())\"; label=\"\"; style=\"rounded,dashed\"; color=\"#9aa5b1\";\n"
                out += "\(indent)  \(id) [\(attrs.joined(separator: ", "))];\n"
                for (i, l) in container.lanes.enumerated() {
                    out += "\(indent)  subgraph cluster_\(id)_\(i) {\n"
                    out +=
                        "\(indent)    class=\"lane\"; label=\(Self.quote(l.label)); style=\"rounded\"; color=\"#c7ced6\"; fontcolor=\"#5f6b7a\";\n"
                    write(l, byId, progress, into: &out, indent: indent + "    ")
                    out += "\(indent)  }\n"
                }
                let join = Self.join(id)
                out += "\(indent)  \(join) [id=\"\(join)\", class=\"marker join\", shape=point, width=0.08, color=\"#9aa5b1\"];\n"
                out += "\(indent)}\n"
            } else {
                out += "\(indent)\(id) [\(attrs.joined(separator: ", "))];\n"
            }
        }
    }

    /// Graphviz's HTML-like label: the name in bold, the type and detail below, the retriers if any.
    static func label(_ n: Node, _ status: ExecutionProgress.StateProgress? = nil) -> String {
        var s = "<B>\(html(n.name))</B><BR/><FONT POINT-SIZE=\"9\" COLOR=\"#5f6b7a\">\(html(n.type))"
        if let d = n.detail { s += " · " + html(d) }
        s += "</FONT>"
        if n.retriers > 0 {
            s += "<BR/><FONT POINT-SIZE=\"9\" COLOR=\"#8a5a00\">↻ Retry (\(n.retriers))</FONT>"
        }
        if let status {
            var line = status.status.label
            if status.retries > 0 { line += " · \(status.retries) \(status.retries == 1 ? "retry" : "retries")" }
            if status.entered > 1 { line += " · ×\(status.entered)" }
            if let e = status.error, status.status == .failed || status.status == .caught {
                line += " · " + ConditionText.truncate(e, 24)
            }
            s += "<BR/><FONT POINT-SIZE=\"9\"><B>\(html(line))</B></FONT>"
        }
        return s
    }

    /// Fill and border of each status: the Okabe–Ito palette, which stays apart for colour-blind readers.
    static func colours(_ status: ExecutionProgress.Status) -> (fill: String, stroke: String) {
        switch status {
        case .notReached: return ("#f4f5f7", "#aab2bd")
        case .running: return ("#d6e8f5", "#0072b2")
        case .waiting: return ("#e0f1fb", "#56b4e9")
        case .retried: return ("#f6e3ee", "#cc79a7")
        case .caught: return ("#fdf0d5", "#e69f00")
        case .succeeded: return ("#d7f0e7", "#009e73")
        case .failed: return ("#fbe0d2", "#d55e00")
        }
    }

    static func html(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n", "\r": out += " "
            default: out.append(c)
            }
        }
        return out
    }

    /// A DOT string literal.
    static func quote<S: StringProtocol>(_ s: S) -> String {
        var out = "\""
        for c in s {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n", "\r": out += " "
            default: out.append(c)
            }
        }
        return out + "\""
    }

    /// The graph laid out by Graphviz, as an `<svg>` element to put in a page (the XML prologue dropped).
    public func svg(progress: ExecutionProgress? = nil) throws(Graphviz.Failure) -> String {
        let document = try Graphviz.svg(dot(progress: progress))
        guard let start = document.range(of: "<svg") else { return document }
        return String(document[start.lowerBound...])
    }
}
