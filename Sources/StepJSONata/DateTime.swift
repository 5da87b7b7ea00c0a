import StepJSON

/// Calendar arithmetic on milliseconds since the epoch (proleptic Gregorian, UTC), as `Date` does.
struct CivilTime {
    var year: Int
    var month: Int  // 0-11
    var day: Int  // 1-31
    var hour: Int
    var minute: Int
    var second: Int
    var millisecond: Int
    var weekday: Int  // 0 = Sunday

    static let msPerDay = 86_400_000.0

    init(millis: Double) {
        // outside Date's range (±8.64e15 ms) there is no calendar date; callers check first
        let millis = millis.isFinite ? max(min(millis, 8.64e15), -8.64e15) : 0
        let days = Int((millis / CivilTime.msPerDay).rounded(.down))
        var rem = Int(millis - Double(days) * CivilTime.msPerDay)
        let (y, m, d) = CivilCalendar.date(fromDays: days)
        year = y
        month = m - 1
        day = d
        hour = rem / 3_600_000
        rem %= 3_600_000
        minute = rem / 60_000
        rem %= 60_000
        second = rem / 1000
        millisecond = rem % 1000
        weekday = ((days % 7) + 11) % 7
    }

    /// `Date.UTC` with month overflow normalised.
    static func utc(
        _ y: Double, _ mon: Double, _ d: Double = 1, _ h: Double = 0, _ mi: Double = 0, _ s: Double = 0,
        _ ms: Double = 0
    ) -> Double {
        guard y.isFinite, mon.isFinite, d.isFinite, h.isFinite, mi.isFinite, s.isFinite, ms.isFinite,
            abs(y) < 1e7, abs(mon) < 1e8, abs(d) < 1e9
        else {
            return .nan
        }
        let ym = y + (mon / 12).rounded(.down)
        let mn = mon - (mon / 12).rounded(.down) * 12
        let days = Double(CivilCalendar.days(year: Int(ym), month: Int(mn) + 1, day: 1)) + d.rounded(.towardZero) - 1
        return days * msPerDay + h.rounded(.towardZero) * 3_600_000 + mi.rounded(.towardZero) * 60_000
            + s.rounded(.towardZero) * 1000 + ms.rounded(.towardZero)
    }
}

/// One part of an analysed date/time picture.
struct DateTimeMarker {
    var literal: String?
    var component: Character = " "
    var presentation1 = ""
    var presentation2: Character?
    var ordinal = false
    var names: IntegerFormat.LetterCase?
    var widthMin: Int?
    var widthMax: Int?
    var integerFormat: IntegerFormat?
    var yearDigits = -1
}

enum DateTimePicture {
    static let defaultPresentation: [Character: String] = [
        "Y": "1", "M": "1", "D": "1", "d": "1", "F": "n", "W": "1", "w": "1", "X": "1", "x": "1", "H": "1", "h": "1",
        "P": "n", "m": "01", "s": "01", "f": "1", "Z": "01:01", "z": "01:01", "C": "n", "E": "n",
    ]
    static let days = ["", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    static func analyse(_ picture: String) throws(JSONataError) -> [DateTimeMarker] {
        var spec: [DateTimeMarker] = []
        let chars = Array(picture)
        func addLiteral(_ start: Int, _ end: Int) {
            if end > start {
                let lit = String(chars[start..<end]).replacingAll("]]", with: "]")
                spec.append(DateTimeMarker(literal: lit))
            }
        }
        var start = 0
        var pos = 0
        while pos < chars.count {
            if chars[pos] == "[" {
                if pos + 1 < chars.count && chars[pos + 1] == "[" {
                    addLiteral(start, pos)
                    spec.append(DateTimeMarker(literal: "["))
                    pos += 2
                    start = pos
                    continue
                }
                addLiteral(start, pos)
                start = pos
                guard let close = chars[start...].firstIndex(of: "]") else { throw JSONataError(code: "D3135") }
                pos = close
                let marker = Array(String(chars[(start + 1)..<pos]).filter { !$0.isWhitespace })
                var def = DateTimeMarker()
                def.component = marker.first ?? " "
                var presMod: [Character]
                if let comma = marker.lastIndex(of: ",") {
                    let widthMod = Array(marker[(comma + 1)...])
                    func parseWidth(_ w: [Character]) -> Int? {
                        if w.isEmpty || w == ["*"] { return nil }
                        var n: Int? = nil
                        for c in w {
                            guard let d = c.wholeNumberValue else { break }
                            n = min((n ?? 0) * 10 + d, 1000)
                        }
                        return n
                    }
                    if let dash = widthMod.firstIndex(of: "-") {
                        def.widthMin = parseWidth(Array(widthMod[..<dash]))
                        def.widthMax = parseWidth(Array(widthMod[(dash + 1)...]))
                    } else {
                        def.widthMin = parseWidth(widthMod)
                    }
                    presMod = marker.count > 1 ? Array(marker[1..<comma]) : []
                } else {
                    presMod = marker.count > 1 ? Array(marker[1...]) : []
                }
                if presMod.count == 1 {
                    def.presentation1 = String(presMod)
                } else if presMod.count > 1, let last = presMod.last, "atco".contains(last) {
                    def.presentation2 = last
                    if last == "o" { def.ordinal = true }
                    def.presentation1 = String(presMod.dropLast())
                } else if presMod.count > 1 {
                    def.presentation1 = String(presMod)
                } else {
                    guard let d = defaultPresentation[def.component] else {
                        throw JSONataError(code: "D3132", value: .string(String(def.component)))
                    }
                    def.presentation1 = d
                }
                let p1 = Array(def.presentation1)
                if p1.first == "n" {
                    def.names = .lower
                } else if p1.first == "N" {
                    def.names = p1.count > 1 && p1[1] == "n" ? .title : .upper
                } else if "YMDdFWwXxHhmsf".contains(def.component) {
                    var pattern = def.presentation1
                    if let p2 = def.presentation2 { pattern += ";" + String(p2) }
                    var fmt = try IntegerFormat(picture: pattern)
                    if let wmin = def.widthMin, fmt.mandatoryDigits < wmin { fmt.mandatoryDigits = wmin }
                    if def.component == "Y" {
                        def.yearDigits = -1
                        if let wmax = def.widthMax {
                            def.yearDigits = wmax
                            fmt.mandatoryDigits = wmax
                        } else {
                            let w = fmt.mandatoryDigits + fmt.optionalDigits
                            if w >= 2 { def.yearDigits = w }
                        }
                    }
                    if let prev = spec.last, prev.integerFormat != nil {
                        spec[spec.count - 1].integerFormat?.parseWidth = prev.integerFormat?.mandatoryDigits
                    }
                    def.integerFormat = fmt
                }
                if def.component == "Z" || def.component == "z" {
                    def.integerFormat = try IntegerFormat(picture: def.presentation1)
                }
                spec.append(def)
                start = pos + 1
            }
            pos += 1
        }
        addLiteral(start, pos)
        return spec
    }
}
