import Foundation
import Testing

@testable import StepLanguage

@Suite struct TimestampTests {
    @Test(arguments: [
        ("2016-03-14T01:59:00Z", 1_457_920_740, 0),
        ("1970-01-01T00:00:00Z", 0, 0),
        ("1969-12-31T23:59:59Z", -1, 0),
        ("2016-03-14T01:59:00.5Z", 1_457_920_740, 500_000_000),
        ("2016-03-05T21:29:29.243167252Z", 1_457_213_369, 243_167_252),
        ("2024-01-01T12:00:00.00Z", 1_704_110_400, 0),
        ("2016-03-14T02:59:00+01:00", 1_457_920_740, 0),
        ("2016-03-13T20:29:00-05:30", 1_457_920_740, 0),
        ("2016-03-14t01:59:00z", 1_457_920_740, 0),
        ("2016-02-29T00:00:00Z", 1_456_704_000, 0),
        ("2000-02-29T23:59:59Z", 951_868_799, 0),
        ("2038-01-19T03:14:07Z", 2_147_483_647, 0),
        ("2092-01-20T12:00:00.000Z", 3_851_668_800, 0),
    ])
    func parsesValidTimestamps(_ text: String, _ seconds: Int, _ nanos: Int) throws {
        let t = try #require(Timestamp.parse(text))
        #expect(t.seconds == seconds)
        #expect(t.nanoseconds == nanos)
    }

    @Test(arguments: [
        "", "2016-03-14", "2016-03-14T01:59:00", "2016-12-05 21:29:29Z", "05-12-2016T21:29:29Z", "2016-13-05T21:29:29Z",
        "2016-00-05T21:29:29Z", "2016-02-30T00:00:00Z", "2015-02-29T00:00:00Z", "1900-02-29T00:00:00Z",
        "2016-04-31T00:00:00Z", "2016-03-14T24:00:00Z", "2016-03-14T23:60:00Z", "2016-03-14T23:59:60Z",
        "2016-03-00T00:00:00Z", "2016-3-14T01:59:00Z", "2016-03-14T1:59:00Z", "2016-03-14T01:59Z",
        "2016-03-14T01:59:00.Z", "2016-03-14T01:59:00.1234567890Z", "2016-03-14T01:59:00+1:00",
        "2016-03-14T01:59:00+0100", "2016-03-14T01:59:00+01", "2016-03-14T01:59:00Zjunk", " 2016-03-14T01:59:00Z",
        "2016-03-14T01:59:00UTC", "２016-03-14T01:59:00Z", "2016/03/14T01:59:00Z", "2016-03-14T01:59:00+19:00",
    ])
    func rejectsInvalidTimestamps(_ text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test func ordering() throws {
        let a = try #require(Timestamp.parse("2016-03-14T01:59:00Z"))
        let b = try #require(Timestamp.parse("2016-03-14T01:59:00.000000001Z"))
        let c = try #require(Timestamp.parse("2016-03-14T02:59:00.000000001+01:00"))
        #expect(a < b)
        #expect(!(b < a))
        #expect(b == c)
        #expect([b, a].sorted() == [a, b])
    }

    @Test(arguments: [
        (0, "1970-01-01T00:00:00.000Z"), (1_457_920_740_123, "2016-03-14T01:59:00.123Z"), (-1, "1969-12-31T23:59:59.999Z"),
        (951_868_799_000, "2000-02-29T23:59:59.000Z"), (253_402_300_799_999, "9999-12-31T23:59:59.999Z"),
    ])
    func formatsWithMilliseconds(_ ms: Int, _ text: String) {
        let t = Timestamp(epochMilliseconds: ms)
        #expect(t.iso8601 == text)
        #expect(t.epochMilliseconds == ms)
        #expect(Timestamp.parse(text) == t)
    }

    @Test func formattingTruncatesToMilliseconds() {
        #expect(Timestamp(seconds: 1, nanoseconds: 999_999_999).iso8601 == "1970-01-01T00:00:01.999Z")
    }

    @Test func epochMillisecondsOfNegativeTimes() {
        let t = Timestamp(epochMilliseconds: -1500)
        #expect(t.seconds == -2)
        #expect(t.nanoseconds == 500_000_000)
        #expect(t.epochMilliseconds == -1500)
    }

    @Test func civilRoundTripOverManyDays() {
        // Every day from 1899 to 2101 formats and parses back to itself.
        var day = -25_568
        while day < 48_000 {
            let t = Timestamp(seconds: day * 86_400 + 3_661)
            #expect(Timestamp.parse(t.iso8601) == t)
            day += 7
        }
    }

    @Test func codable() throws {
        let t = Timestamp(seconds: 12, nanoseconds: 34)
        let data = try JSONEncoder().encode(t)
        #expect(try JSONDecoder().decode(Timestamp.self, from: data) == t)
    }
}
