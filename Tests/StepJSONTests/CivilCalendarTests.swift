import StepJSON
import Testing

/// The shared calendar arithmetic behind timestamps, JSONata dates and HTTP dates.
@Suite struct CivilCalendarTests {
    func ymd(_ days: Int) -> [Int] {
        let d = CivilCalendar.date(fromDays: days)
        return [d.year, d.month, d.day]
    }

    @Test func knownDaysAroundTheEpochAndLeapDays() {
        #expect(CivilCalendar.days(year: 1970, month: 1, day: 1) == 0)
        #expect(CivilCalendar.days(year: 1969, month: 12, day: 31) == -1)
        #expect(CivilCalendar.days(year: 2000, month: 3, day: 1) == 11017)
        #expect(CivilCalendar.days(year: 2024, month: 2, day: 29) == 19782)
        #expect(CivilCalendar.days(year: 1600, month: 1, day: 1) == -135140)
        #expect(ymd(19782) == [2024, 2, 29])
        #expect(ymd(-1) == [1969, 12, 31])
        #expect(ymd(-719468) == [0, 3, 1])
    }

    @Test func everyDayOfFourCenturiesRoundTripsInOrder() {
        var previous = CivilCalendar.date(fromDays: -146_098)
        for day in -146_097...146_097 {
            let date = CivilCalendar.date(fromDays: day)
            #expect(CivilCalendar.days(year: date.year, month: date.month, day: date.day) == day)
            let next = date.day == 1 && (date.month == 1 ? previous.month == 12 : previous.month == date.month - 1)
            let same = date.year == previous.year && date.month == previous.month && date.day == previous.day + 1
            if !(next || same) {
                Issue.record("day \(day): \(date) does not follow \(previous)")
                return
            }
            previous = date
        }
    }

    @Test func aDayPastTheMonthsEndRunsOnIntoTheNext() {
        #expect(CivilCalendar.days(year: 2023, month: 2, day: 29) == CivilCalendar.days(year: 2023, month: 3, day: 1))
        #expect(CivilCalendar.days(year: 2023, month: 1, day: 32) == CivilCalendar.days(year: 2023, month: 2, day: 1))
    }
}
