import CGraphviz
import Synchronization

/// Graphviz's layout engine (libgvc from `libgraphviz-dev`), the one place Stepline touches its pointers:
/// a graph in the DOT language in, laid out by `dot` and rendered to SVG.
///
/// libgvc keeps global state (its plugin context, the graph library's error buffer) and is not safe to
/// call from two threads at once, so every call takes one lock.
public enum Graphviz {
    /// Why a graph could not be drawn: the DOT text did not parse, or layout or rendering failed.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The plugin context, made on first use and kept: it reads the plugin configuration from disk.
    private static let context = Mutex<OpaquePointer?>(nil)

    /// Lays `dot` out with the `dot` engine and renders it as an SVG document.
    public static func svg(_ dot: String) throws(Failure) -> String {
        let result: Result<String, Failure> = context.withLock { gvc in
            if gvc == nil {
                // Parse errors are kept for aglasterr() rather than printed on the service's stderr.
                _ = agseterr(AGMAX)
                gvc = gvContext()
            }
            guard let gvc else { return .failure(Failure(description: "Graphviz could not start (gvContext)")) }
            return render(dot, gvc)
        }
        return try result.get()
    }

    /// Runs under the lock.
    private static func render(_ dot: String, _ gvc: OpaquePointer) -> Result<String, Failure> {
        guard let graph = dot.withCString({ agmemread($0) }) else {
            let reason = aglasterr().map { String(cString: $0) } ?? "syntax error"
            return .failure(Failure(description: "Graphviz could not read the graph: \(reason)"))
        }
        defer { agclose(graph) }
        guard gvLayout(gvc, graph, "dot") == 0 else {
            return .failure(Failure(description: "Graphviz could not lay the graph out"))
        }
        defer { gvFreeLayout(gvc, graph) }
        var data: UnsafeMutablePointer<CChar>?
        var length: UInt32 = 0
        guard gvRenderData(gvc, graph, "svg", &data, &length) == 0, let data else {
            return .failure(Failure(description: "Graphviz could not render the graph as SVG"))
        }
        defer { gvFreeRenderData(data) }
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: Int(length))
        return .success(String(decoding: bytes, as: UTF8.self))
    }
}
