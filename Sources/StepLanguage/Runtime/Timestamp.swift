import StepJSON

/// An instant parsed from an RFC 3339 / ISO-8601 extended offset date-time (`2016-03-14T01:59:00Z`),
/// as Wait and Choice states accept it; seconds since the Unix epoch plus nanoseconds.
public struct Timestamp: Sendable, Hashable, Comparable, Codable {
    public var seconds: Int
    public var nanoseconds: Int

    public init(seconds: Int, nanoseconds: Int = 0) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    public init(epochMilliseconds ms: Int) {
        seconds = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000)
        nanoseconds = (ms - seconds * 1000) * 1_000_000
    }

    public static func < (a: Timestamp, b: Timestamp) -> Bool {
        (a.seconds, a.nanoseconds) < (b.seconds, b.nanoseconds)
    }

    public var epochMilliseconds: Int { seconds * 1000 + nanoseconds / 1_000_000 }

    /// This instant plus `s` seconds, saturating instead of overflowing.
    public func adding(seconds s: Int) -> Timestamp {
        Timestamp(seconds: seconds.addingReportingOverflow(s).overflow ? Int.max / 1000 : seconds + s, nanoseconds: nanoseconds)
    }

    /// Parses `YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh:mm)`; `nil` for anything else or an impossible date.
    public static func parse(_ text: String) -> Timestamp? {
        let b = Array(text.utf8)
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in 0..<n {
                let c = b[i + k]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            i += n
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < b.count, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect(45), let month = digits(2), expect(45), let day = digits(2) else { return nil }
        guard i < b.count, b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: "t") else { return nil }
        i += 1
        guard let hour = digits(2), expect(58), let minute = digits(2), expect(58), let second = digits(2) else {
            return nil
        }
        var nanos = 0
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            var count = 0
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                if count < 9 { nanos = nanos * 10 + Int(b[i] - 48) }
                count += 1
                i += 1
            }
            guard count > 0, count <= 9 else { return nil }
            for _ in count..<9 { nanos *= 10 }
        }
        guard i < b.count else { return nil }
        var offset = 0
        if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
            i += 1
        } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            let sign = b[i] == UInt8(ascii: "+") ? 1 : -1
            i += 1
            guard let oh = digits(2), expect(58), let om = digits(2), oh <= 18, om < 60 else { return nil }
            offset = sign * (oh * 3600 + om * 60)
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year), hour < 24, minute < 60,
            second < 60
        else { return nil }
        let days = CivilCalendar.days(year: year, month: month, day: day)
        return Timestamp(seconds: days * 86400 + hour * 3600 + minute * 60 + second - offset, nanoseconds: nanos)
    }

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `2024-01-31T12:00:00.123Z`, millisecond precision, as AWS prints dates in the context object.
    public var iso8601: String {
        var days = seconds / 86400
        var rem = seconds % 86400
        if rem < 0 {
            rem += 86400
            days -= 1
        }
        let (y, m, d) = CivilCalendar.date(fromDays: days)
        func pad(_ v: Int, _ n: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, n - s.count)) + s
        }
        return
            "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(rem / 3600, 2)):\(pad(rem % 3600 / 60, 2)):\(pad(rem % 60, 2)).\(pad(nanoseconds / 1_000_000, 3))Z"
    }
}
