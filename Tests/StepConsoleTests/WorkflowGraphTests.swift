import Foundation
import StepConsole
import StepGraphviz
import StepJSON
import Testing

/// The console's drawing: one node per state, one edge per transition, laid out by Graphviz.
@Suite struct WorkflowGraphTests {
    /// A 40-state definition with a Parallel of two branches, a Map, Choice rules and catchers.
    static func fortyStates() -> (definition: JSON, transitions: Int) {
        var states: [(String, String)] = []
        var transitions = 0
        func pass(_ name: String, _ next: String?) -> String {
            if next != nil { transitions += 1 }
            return next.map { "{\"Type\":\"Pass\",\"Next\":\"" + $0 + "\"}" } ?? "{\"Type\":\"Pass\",\"End\":true}"
        }
        // 12 plain states in a chain, the first a Choice.
        states.append(
            (
                "Start",
                #"{"Type":"Choice","Choices":[{"Variable":"$.n","NumericGreaterThan":5,"Next":"A1"},{"And":[{"Variable":"$.s","IsPresent":true},{"Variable":"$.s","StringEquals":"x"}],"Next":"A2"}],"Default":"A1"}"#
            ))
        transitions += 3
        for i in 1...10 { states.append(("A\(i)", pass("A\(i)", "A\(i + 1)"))) }
        // A Task with Retry and two catchers.
        states.append(
            (
                "A11",
                #"{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Retry":[{"ErrorEquals":["States.ALL"]}],"Catch":[{"ErrorEquals":["Boom"],"Next":"Failed"},{"ErrorEquals":["States.ALL"],"Next":"Failed"}],"Next":"Par"}"#
            ))
        transitions += 3
        // A Parallel with two branches of 6 states each (12 + 1).
        func chain(_ p: String, _ n: Int) -> String {
            let body = (1...n).map { i -> String in
                let name = p + String(i)
                return "\"" + name + "\":" + pass(name, i < n ? p + String(i + 1) : nil)
            }
            return "{\"StartAt\":\"" + p + "1\",\"States\":{" + body.joined(separator: ",") + "}}"
        }
        states.append(("Par", "{\"Type\":\"Parallel\",\"Branches\":[" + chain("L", 6) + "," + chain("R", 6) + "],\"Next\":\"Each\"}"))
        transitions += 1
        // A Map of 12 states (12 + 1).
        states.append(("Each", "{\"Type\":\"Map\",\"ItemProcessor\":" + chain("M", 12) + ",\"Next\":\"Done\"}"))
        transitions += 1
        states.append(("Done", #"{"Type":"Succeed"}"#))
        states.append(("Failed", #"{"Type":"Fail","Error":"Oops"}"#))
        let text = "{\"StartAt\":\"Start\",\"States\":{" + states.map { "\"" + $0.0 + "\":" + $0.1 }.joined(separator: ",") + "}}"
        return ((try? JSON(parsing: text)) ?? .null, transitions)
    }

    @Test func everyStateIsANodeAndEveryTransitionAnEdge() throws {
        let (definition, transitions) = Self.fortyStates()
        let graph = WorkflowGraph(definition: definition)
        #expect(graph.nodes.count == 40)
        #expect(graph.transitions.count == transitions)
        #expect(graph.transitions.filter { $0.kind == .catchError }.count == 2)
        #expect(graph.transitions.filter { $0.kind == .choice }.map(\.label) == ["$.n > 5", "$.s is present and $.s == \"x\""])
        #expect(graph.nodes.first { $0.name == "L3" }?.parent == graph.nodes.first { $0.name == "Par" }?.id)
        #expect(graph.nodes.first { $0.name == "A11" }?.retriers == 1)
    }

    @Test func graphvizLaysItOutAsSVGWithOneGroupPerStateAndTransition() throws {
        let (definition, transitions) = Self.fortyStates()
        let svg = try WorkflowGraph(definition: definition).svg()
        #expect(svg.hasPrefix("<svg"))
        #expect(count(#"class="node state"#, in: svg) == 40)
        #expect(count(#"class="edge transition"#, in: svg) == transitions)
        #expect(count(#"class="edge transition catch"#, in: svg) == 2)
        // Parallel branches and the Map processor are boxes (clusters) of their own.
        #expect(count(#"class="cluster lane"#, in: svg) == 3)
        #expect(svg.contains("Branch 1") && svg.contains("Item processor"))
        #expect(svg.contains("↻ Retry (1)"))
        #expect(svg.contains("⚠ Boom"))
    }

    @Test func aMissingTargetIsDrawnAsAMistakeNotDropped() throws {
        let definition = try JSON(parsing: #"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"Nowhere"}}}"#)
        let graph = WorkflowGraph(definition: definition)
        #expect(graph.transitions.map(\.to) == ["missing:Nowhere"])
        let svg = try graph.svg()
        #expect(svg.contains("Nowhere (no such state)"))
    }

    @Test func namesWithMarkupAreEscaped() throws {
        let definition = try JSON(parsing: #"{"StartAt":"<b>&\"x\"","States":{"<b>&\"x\"":{"Type":"Succeed"}}}"#)
        let svg = try WorkflowGraph(definition: definition).svg()
        #expect(svg.contains("&lt;b&gt;&amp;"))
        #expect(!svg.contains("<b>&"))
    }

    @Test func brokenDOTIsAFailureNotACrash() {
        #expect(throws: Graphviz.Failure.self) { try Graphviz.svg("digraph { a -> }") }
    }

    func count(_ needle: String, in haystack: String) -> Int {
        haystack.components(separatedBy: needle).count - 1
    }
}
