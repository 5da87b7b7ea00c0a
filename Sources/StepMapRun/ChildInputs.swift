import StepEngine
import StepJSON
import StepLanguage

/// Turns a map run's items into child inputs, one at a time: `ItemSelector` on each item (with the
/// item in `$$.Map.Item`), then `ItemBatcher` grouping items into `{"Items": […], "BatchInput": …}`.
final class ChildInputs {
    let source: any ItemSource
    let selector: Template?
    let context: JSONObject
    /// The Map state's entered time (from the context object), in epoch milliseconds.
    let enteredMilliseconds: Double?
    let variables: [String: JSON]
    let effectiveInput: JSON
    let batching: Bool
    let maxItems: Int
    let maxBytes: Int
    let batchInput: JSON?
    var rng: SplitMix64
    /// Items read so far.
    private(set) var itemCount = 0
    private(set) var childCount = 0
    /// A selected item that did not fit the last batch.
    var carried: (JSON, Int)?
    private(set) var exhausted = false

    init(_ request: MapRunRequest, source: any ItemSource) throws(MapRunFailure) {
        self.source = source
        if let s = request.selector {
            do throws(DefinitionError) {
                selector = try DefinitionParser.template(s, language: request.selectorLanguage)
            } catch {
                throw MapRunFailure(StatesErrorName.runtime, "The ItemSelector is not valid: \(error)")
            }
        } else {
            selector = nil
        }
        if case .object(let o) = request.context { context = o } else { context = JSONObject() }
        enteredMilliseconds = context["State"]?["EnteredTime"]?.stringValue.flatMap(Timestamp.parse).map {
            Double($0.epochMilliseconds)
        }
        var vars: [String: JSON] = [:]
        for (k, v) in request.variables { vars[k] = v }
        variables = vars
        effectiveInput = request.effectiveInput
        batching = request.maxItemsPerBatch != nil || request.maxInputBytesPerBatch != nil
        maxItems = request.maxItemsPerBatch ?? Int.max
        maxBytes = request.maxInputBytesPerBatch ?? Int.max
        batchInput = request.batchInput
        rng = SplitMix64(seed: StableName.hash(request.mapRunArn.utf8))
    }

    /// The next child's input, or `nil` when every item has been given out.
    func next() throws(MapRunFailure) -> MapBatch.Child? {
        guard batching else {
            guard let item = try nextSelected() else { return nil }
            defer { childCount += 1 }
            return MapBatch.Child(index: childCount, input: item.0)
        }
        var items: [JSON] = []
        // The whole child input counts: `{"Items":[…]}`, and `,"BatchInput":…` when there is one.
        var bytes = 12 + (batchInput.map { 14 + $0.serialized().utf8.count } ?? 0)
        while items.count < maxItems {
            let next: (JSON, Int)
            if let c = carried {
                next = c
                carried = nil
            } else if let s = try nextSelected() {
                next = s
            } else {
                break
            }
            if maxBytes != Int.max {
                let size = next.0.serialized().utf8.count + (items.isEmpty ? 0 : 1)
                if !items.isEmpty, bytes + size > maxBytes {
                    carried = next
                    break
                }
                bytes += size
            }
            items.append(next.0)
        }
        guard !items.isEmpty else { return nil }
        var o = JSONObject(minimumCapacity: 2)
        o["Items"] = .array(items)
        if let batchInput { o["BatchInput"] = batchInput }
        defer { childCount += 1 }
        return MapBatch.Child(index: childCount, input: .object(o), itemCount: items.count)
    }

    /// The next item after `ItemSelector`, with its index.
    func nextSelected() throws(MapRunFailure) -> (JSON, Int)? {
        guard !exhausted else { return nil }
        guard let item = try source.next() else {
            exhausted = true
            return nil
        }
        let index = itemCount
        itemCount += 1
        guard let selector else { return (item, index) }
        var ctx = context
        ctx["Map"] = .object(["Item": .object(["Index": .int(index), "Value": item])])
        // `$now()` in a JSONata ItemSelector is the Map state's entered time, as everywhere else in the
        // workflow the state's own time: the same items on every run and every replay.
        let env = StaticEnvironment(context: .object(ctx), variables: variables, now: enteredMilliseconds)
        do throws(StatesError) {
            return (try selector.evaluate(input: effectiveInput, environment: env, random: &rng), index)
        } catch {
            throw MapRunFailure(error.error, error.cause)
        }
    }

    /// True once the source is drained and nothing is carried over.
    var done: Bool { exhausted && carried == nil }
}
