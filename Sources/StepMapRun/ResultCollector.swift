import StepEngine
import StepJSON
import StepLanguage

/// Gathers child results into what the Map state returns: an array in item order (kept while it
/// stays under AWS's payload limit), or files in a bucket when `ResultWriter` exports them.
final class ResultCollector {
    let names: ChildNames
    /// `NONE` (AWS's metadata for each child), `COMPACT` (outputs only) or `FLATTEN`.
    let transformation: String
    let exporter: ResultExporter?
    var results: [JSON?] = []
    var bytes = 0
    var overLimit = false
    var written = 0
    static let payloadLimit = 262_144

    init(_ request: MapRunRequest, buckets: Buckets) throws(MapRunFailure) {
        names = ChildNames(mapRunArn: request.mapRunArn, executionType: request.executionType)
        let writer = request.writer
        if let bucket = writer?["Bucket"]?.stringValue {
            let dir: String
            do throws(MapRunFailure) {
                dir = try buckets.directory(bucket)
            } catch {
                throw MapRunFailure(StatesErrorName.resultWriterFailed, error.cause)
            }
            exporter = try ResultExporter(
                bucket: bucket, directory: dir, prefix: writer?["Prefix"]?.stringValue ?? "",
                mapRunArn: request.mapRunArn, outputType: writer?["OutputType"]?.stringValue)
            transformation = writer?["Transformation"]?.stringValue ?? "NONE"
        } else {
            exporter = nil
            transformation = writer?["Transformation"]?.stringValue ?? "COMPACT"
        }
    }

    func add(_ r: ChildResult, input: JSON) throws(MapRunFailure) {
        let entry: JSON
        if !r.succeeded || transformation == "NONE" {
            entry = metadata(r, input: input)
        } else {
            entry = r.output ?? .null
        }
        if let exporter {
            if r.succeeded, transformation == "FLATTEN", case .array(let a) = entry {
                for e in a { try exporter.write(e, status: r.status) }
            } else {
                try exporter.write(entry, status: r.status)
            }
            written += 1
            return
        }
        guard !overLimit else { return }
        // A failed child's record is AWS's full metadata whatever the transformation.
        let value = entry
        bytes += value.serialized().utf8.count + 1
        if bytes > Self.payloadLimit {
            overLimit = true
            results = []
            return
        }
        while results.count <= r.index { results.append(nil) }
        results[r.index] = value
    }

    /// AWS's record of one child execution, as `ResultWriter` exports it with `Transformation: NONE`.
    func metadata(_ r: ChildResult, input: JSON) -> JSON {
        var o = JSONObject(minimumCapacity: 14)
        o["ExecutionArn"] = .string(names.executionArn(r.name))
        o["Input"] = .string(input.serialized())
        o["InputDetails"] = .object(["Included": .bool(true)])
        o["Name"] = .string(r.name)
        if let output = r.output {
            o["Output"] = .string(output.serialized())
            o["OutputDetails"] = .object(["Included": .bool(true)])
        }
        if let e = r.error { o["Error"] = .string(e) }
        if let c = r.cause { o["Cause"] = .string(c) }
        o["RedriveCount"] = .int(0)
        o["RedriveStatus"] = .string("NOT_REDRIVABLE")
        o["RedriveStatusReason"] = .string(
            r.succeeded ? "Execution is SUCCEEDED and cannot be redriven" : "Execution is a child of a Map Run")
        o["StartDate"] = .string(Timestamp(epochMilliseconds: r.startMillis).iso8601)
        o["StateMachineArn"] = .string(names.stateMachineArn)
        o["Status"] = .string(r.status)
        o["StopDate"] = .string(Timestamp(epochMilliseconds: r.stopMillis).iso8601)
        return .object(o)
    }

    /// After a failed run: closes the exported files and writes their manifest, so that what was written (the
    /// failed children's records above all) stays readable.
    func close() {
        guard let exporter else { return }
        _ = try? exporter.finish()
    }

    /// The Map state's result once every child has ended.
    func finish(stateName: String) throws(MapRunFailure) -> JSON {
        if let exporter { return try exporter.finish() }
        if overLimit {
            throw MapRunFailure(
                StatesErrorName.dataLimitExceeded,
                "The state/task '\(stateName)' returned a result with a size exceeding the maximum number of bytes service limit.")
        }
        var out = results.map { $0 ?? .null }
        if transformation == "FLATTEN" {
            out = out.flatMap { v -> [JSON] in
                if case .array(let a) = v { return a }
                return [v]
            }
        }
        return .array(out)
    }
}
