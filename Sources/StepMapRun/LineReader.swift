import Foundation
import StepLanguage

/// Reads a file line by line in fixed-size chunks, so that a file of any size is never held whole.
final class LineReader {
    let handle: FileHandle
    var buffer: [UInt8] = []
    var start = 0
    var atEnd = false
    static let chunk = 1 << 16

    init(path: String) throws(MapRunFailure) {
        guard let h = FileHandle(forReadingAtPath: path) else {
            throw MapRunFailure(StatesErrorName.itemReaderFailed, "Cannot read the object '\(path)'")
        }
        handle = h
    }

    deinit { try? handle.close() }

    /// The next line without its line ending, or `nil` at the end of the file.
    func next() throws(MapRunFailure) -> ArraySlice<UInt8>? {
        while true {
            if let nl = buffer[start...].firstIndex(of: 0x0A) {
                var end = nl
                if end > start, buffer[end - 1] == 0x0D { end -= 1 }
                let line = buffer[start..<end]
                start = nl + 1
                return line
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                var line = buffer[start...]
                if line.last == 0x0D { line = line.dropLast() }
                start = buffer.count
                return line
            }
            if start > 0 {
                buffer.removeFirst(start)
                start = 0
            }
            let data: Data?
            do {
                data = try handle.read(upToCount: Self.chunk)
            } catch {
                throw MapRunFailure(
                    StatesErrorName.itemReaderFailed, "Cannot read the object: \(error.localizedDescription)")
            }
            guard let data, !data.isEmpty else {
                atEnd = true
                continue
            }
            buffer.append(contentsOf: data)
        }
    }
}
