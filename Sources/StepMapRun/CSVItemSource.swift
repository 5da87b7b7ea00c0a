import StepJSON
import StepLanguage

/// A CSV object: each row becomes an object of header → string value. Headers come from the first
/// row (`CSVHeaderLocation: FIRST_ROW`, the default) or from `CSVHeaders` (`GIVEN`); quoted fields
/// may hold delimiters, quotes (doubled) and line breaks. As AWS reads rows, a short row's missing
/// fields are "", fields beyond the headers are dropped, and duplicate headers fail the reader.
final class CSVItemSource: ItemSource {
    let lines: LineReader
    let delimiter: UInt8
    var headers: [String]?
    var row = 0

    init(path: String, config: JSON) throws(MapRunFailure) {
        lines = try LineReader(path: path)
        switch config["CSVDelimiter"]?.stringValue {
        case "PIPE": delimiter = UInt8(ascii: "|")
        case "SEMICOLON": delimiter = UInt8(ascii: ";")
        case "SPACE": delimiter = UInt8(ascii: " ")
        case "TAB": delimiter = 0x09
        default: delimiter = UInt8(ascii: ",")
        }
        if config["CSVHeaderLocation"]?.stringValue == "GIVEN" {
            let given = config["CSVHeaders"]?.arrayValue?.compactMap(\.stringValue) ?? []
            try Self.check(given)
            headers = given
        }
    }

    func next() throws(MapRunFailure) -> JSON? {
        if headers == nil {
            guard let first = try record() else { return nil }
            try Self.check(first)
            headers = first
        }
        guard let fields = try record(), let headers else { return nil }
        var o = JSONObject(minimumCapacity: headers.count)
        for (i, h) in headers.enumerated() { o[h] = .string(i < fields.count ? fields[i] : "") }
        return .object(o)
    }

    /// AWS refuses headers that name a column twice.
    static func check(_ headers: [String]) throws(MapRunFailure) {
        guard Set(headers).count == headers.count else {
            throw MapRunFailure(StatesErrorName.itemReaderFailed, "CSV headers cannot contain duplicates.")
        }
    }

    /// The fields of the next record, or `nil` at the end; blank lines are skipped.
    func record() throws(MapRunFailure) -> [String]? {
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var sawAny = false
        while let line = try lines.next() {
            row += 1
            if !quoted, line.isEmpty { continue }
            sawAny = true
            var i = line.startIndex
            while i < line.endIndex {
                let b = line[i]
                if quoted {
                    if b == UInt8(ascii: "\"") {
                        if line.index(after: i) < line.endIndex, line[line.index(after: i)] == UInt8(ascii: "\"") {
                            field.append(b)
                            i = line.index(after: i)
                        } else {
                            quoted = false
                        }
                    } else {
                        field.append(b)
                    }
                } else if b == UInt8(ascii: "\"") && field.isEmpty {
                    quoted = true
                } else if b == delimiter {
                    fields.append(String(decoding: field, as: UTF8.self))
                    field.removeAll(keepingCapacity: true)
                } else {
                    field.append(b)
                }
                i = line.index(after: i)
            }
            if quoted {
                field.append(0x0A)
                continue
            }
            fields.append(String(decoding: field, as: UTF8.self))
            return fields
        }
        if quoted {
            throw MapRunFailure(StatesErrorName.itemReaderFailed, "The CSV object ends inside a quoted field")
        }
        return sawAny ? fields : nil
    }
}
