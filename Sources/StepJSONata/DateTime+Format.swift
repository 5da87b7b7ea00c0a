extension CivilTime {
    /// Milliseconds of the start of ISO week 1 of the given year/month (the week holding its first Thursday).
    static func startOfFirstWeek(_ year: Int, _ month: Int) -> Double {
        let jan1 = utc(Double(year), Double(month))
        var dow = CivilTime(millis: jan1).weekday
        if dow == 0 { dow = 7 }
        return dow > 4 ? jan1 + Double(8 - dow) * msPerDay : jan1 - Double(dow - 1) * msPerDay
    }

    static func nextMonth(_ y: Int, _ m: Int) -> (Int, Int) { m == 11 ? (y + 1, 0) : (y, m + 1) }
    static func previousMonth(_ y: Int, _ m: Int) -> (Int, Int) { m == 0 ? (y - 1, 11) : (y, m - 1) }

    /// A component's value (the reference's `getDateTimeFragment`).
    func fragment(_ component: Character, millis: Double) -> Value {
        func deltaWeeks(_ start: Double, _ end: Double) -> Double { (end - start) / (CivilTime.msPerDay * 7) + 1 }
        switch component {
        case "Y": return .number(Double(year))
        case "M": return .number(Double(month + 1))
        case "D": return .number(Double(day))
        case "d":
            let today = CivilTime.utc(Double(year), Double(month), Double(day))
            let firstJan = CivilTime.utc(Double(year), 0)
            return .number((today - firstJan) / CivilTime.msPerDay + 1)
        case "F": return .number(Double(weekday == 0 ? 7 : weekday))
        case "W":
            let start1 = CivilTime.startOfFirstWeek(year, 0)
            let today = CivilTime.utc(Double(year), Double(month), Double(day))
            var week = deltaWeeks(start1, today)
            if week > 52 {
                if today >= CivilTime.startOfFirstWeek(year + 1, 0) { week = 1 }
            } else if week < 1 {
                week = deltaWeeks(CivilTime.startOfFirstWeek(year - 1, 0), today)
            }
            return .number(week.rounded(.down))
        case "w":
            let start1 = CivilTime.startOfFirstWeek(year, month)
            let today = CivilTime.utc(Double(year), Double(month), Double(day))
            var week = deltaWeeks(start1, today)
            if week > 4 {
                let (ny, nm) = CivilTime.nextMonth(year, month)
                if today >= CivilTime.startOfFirstWeek(ny, nm) { week = 1 }
            } else if week < 1 {
                let (py, pm) = CivilTime.previousMonth(year, month)
                week = deltaWeeks(CivilTime.startOfFirstWeek(py, pm), today)
            }
            return .number(week.rounded(.down))
        case "X":
            let start = CivilTime.startOfFirstWeek(year, 0)
            let end = CivilTime.startOfFirstWeek(year + 1, 0)
            if millis < start { return .number(Double(year - 1)) }
            if millis >= end { return .number(Double(year + 1)) }
            return .number(Double(year))
        case "x":
            let start = CivilTime.startOfFirstWeek(year, month)
            let (ny, nm) = CivilTime.nextMonth(year, month)
            let end = CivilTime.startOfFirstWeek(ny, nm)
            if millis < start { return .number(Double(CivilTime.previousMonth(year, month).1 + 1)) }
            if millis >= end { return .number(Double(nm + 1)) }
            return .number(Double(month + 1))
        case "H": return .number(Double(hour))
        case "h":
            let h = hour % 12
            return .number(Double(h == 0 ? 12 : h))
        case "P": return .string(hour >= 12 ? "pm" : "am")
        case "m": return .number(Double(minute))
        case "s": return .number(Double(second))
        case "f": return .number(Double(millisecond))
        case "C", "E": return .string("ISO")
        default: return .undefined
        }
    }
}

extension Evaluator {
    static let iso8601Picture = "[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]"

    func fromMillis(_ millis: Value, _ picture: Value, _ timezone: Value) throws(JSONataError) -> Value {
        guard case .number(let ms) = millis else { return .undefined }
        var offsetHours = 0.0
        var offsetMinutes = 0.0
        if case .string(let tz) = timezone {
            let offset = parseIntPrefix(tz) ?? .nan
            offsetHours = (offset / 100).rounded(.down)
            offsetMinutes = offset.truncatingRemainder(dividingBy: 100)
        }
        let spec = try DateTimePicture.analyse(picture.stringValue ?? Evaluator.iso8601Picture)
        let offsetMillis = (60 * offsetHours + offsetMinutes) * 60 * 1000
        let shifted = ms + offsetMillis
        guard shifted.isFinite, abs(shifted) <= 8.64e15 else { return .undefined }
        let date = CivilTime(millis: shifted)
        var result = ""
        for part in spec {
            if let lit = part.literal {
                result += lit
            } else {
                result += try formatComponent(date, shifted, part, offsetHours, offsetMinutes)
            }
        }
        return .string(result)
    }

    func formatComponent(
        _ date: CivilTime, _ millis: Double, _ spec: DateTimeMarker, _ offsetHours: Double,
        _ offsetMinutes: Double
    ) throws(JSONataError) -> String {
        let value = date.fragment(spec.component, millis: millis)
        let c = spec.component
        if "YMDdFWwXxHhms".contains(c) {
            guard case .number(var n) = value else { return "" }
            if c == "Y" && spec.yearDigits != -1 {
                n = n.truncatingRemainder(dividingBy: pow10(spec.yearDigits))
            }
            if let names = spec.names {
                var name: String
                if c == "M" || c == "x" {
                    let i = Int(n) - 1
                    name = i >= 0 && i < 12 ? DateTimePicture.months[i] : ""
                } else if c == "F" {
                    let i = Int(n)
                    name = i >= 0 && i < 8 ? DateTimePicture.days[i] : ""
                } else {
                    throw JSONataError(code: "D3133", value: .string(String(c)))
                }
                if names == .upper {
                    name = name.uppercased()
                } else if names == .lower {
                    name = name.lowercased()
                }
                if let wmax = spec.widthMax, name.count > wmax { name = String(name.prefix(wmax)) }
                return name
            }
            return try (spec.integerFormat ?? IntegerFormat()).format(n)
        }
        if c == "f" {
            guard case .number(let n) = value else { return "" }
            return try (spec.integerFormat ?? IntegerFormat()).format(n)
        }
        if c == "Z" || c == "z" {
            let offset = offsetHours * 100 + offsetMinutes
            let fmt = spec.integerFormat ?? IntegerFormat()
            var s: String
            if fmt.regular {
                s = try fmt.format(offset)
            } else {
                let numDigits = fmt.mandatoryDigits
                if numDigits == 1 || numDigits == 2 {
                    s = try fmt.format(offsetHours)
                    if offsetMinutes != 0 {
                        s += ":" + (try IntegerFormat(picture: "00").format(offsetMinutes))
                    }
                } else if numDigits == 3 || numDigits == 4 {
                    s = try fmt.format(offset)
                } else {
                    throw JSONataError(code: "D3134", value: .int(numDigits))
                }
            }
            if offset >= 0 { s = "+" + s }
            if c == "z" { s = "GMT" + s }
            if offset == 0 && spec.presentation2 == "t" { s = "Z" }
            return s
        }
        if c == "P" {
            guard case .string(var s) = value else { return "" }
            if spec.names == .upper { s = s.uppercased() }
            return s
        }
        if case .string(let s) = value { return s }
        return ""
    }

    func toMillis(_ timestamp: Value, _ picture: Value) throws(JSONataError) -> Value {
        guard case .string(let ts) = timestamp else { return .undefined }
        if case .string(let pic) = picture {
            return try parseDateTime(ts, pic)
        }
        guard let ms = parseISO8601(ts) else { throw jerr("D3110", value: timestamp) }
        return .number(ms)
    }

    /// The ISO 8601 forms the reference accepts (and `Date.parse` reads), in UTC unless an offset is given.
    func parseISO8601(_ s: String) -> Double? {
        let u = Array(s.utf8)
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= u.count else { return nil }
            var v = 0
            for k in 0..<n {
                let c = u[i + k]
                guard c >= 0x30 && c <= 0x39 else { return nil }
                v = v * 10 + Int(c - 0x30)
            }
            i += n
            return v
        }
        func peek(_ c: Character) -> Bool { i < u.count && u[i] == c.asciiValue }
        guard let year = digits(4) else { return nil }
        var month = 1
        var day = 1
        var h = 0
        var mi = 0
        var sec = 0
        var ms = 0.0
        var offset = 0
        if peek("-") {
            i += 1
            guard let m = digits(2), m <= 19 else { return nil }
            month = m
            if peek("-") {
                i += 1
                guard let d = digits(2), d <= 39 else { return nil }
                day = d
            }
        }
        if peek("T") {
            i += 1
            guard let hh = digits(2), peek(":") else { return nil }
            i += 1
            guard let mm = digits(2), peek(":") else { return nil }
            i += 1
            guard let ss = digits(2) else { return nil }
            h = hh
            mi = mm
            sec = ss
        }
        if peek(".") {
            i += 1
            var frac = ""
            while i < u.count, u[i] >= 0x30 && u[i] <= 0x39 {
                frac.append(Character(Unicode.Scalar(u[i])))
                i += 1
            }
            if frac.isEmpty { return nil }
            ms = Double(String((frac + "00").prefix(3))) ?? 0
        }
        if peek("Z") {
            i += 1
        } else if peek("+") || peek("-") {
            let sign = peek("-") ? -1 : 1
            i += 1
            guard let oh = digits(2) else { return nil }
            if peek(":") { i += 1 }
            guard let om = digits(2) else { return nil }
            offset = sign * (oh * 60 + om)
        }
        guard i == u.count else { return nil }
        if month < 1 || month > 12 || day < 1 || day > 31 || h > 24 || mi > 59 || sec > 59 { return .nan }
        return CivilTime.utc(Double(year), Double(month - 1), Double(day), Double(h), Double(mi), Double(sec), ms)
            - Double(offset) * 60_000
    }
}

/// JavaScript `parseInt(s, 10)`: the leading integer of `s`, or nil (NaN).
func parseIntPrefix(_ s: String) -> Double? {
    let u = Array(s.utf8)
    var i = 0
    while i < u.count && (u[i] == 0x20 || u[i] == 0x09 || u[i] == 0x0A) { i += 1 }
    var sign = 1.0
    if i < u.count && (u[i] == 0x2B || u[i] == 0x2D) {
        if u[i] == 0x2D { sign = -1 }
        i += 1
    }
    var v: Double? = nil
    while i < u.count && u[i] >= 0x30 && u[i] <= 0x39 {
        v = (v ?? 0) * 10 + Double(u[i] - 0x30)
        i += 1
    }
    return v.map { $0 * sign }
}
