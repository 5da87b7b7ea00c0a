import Testing

@testable import StepJSON

/// The integer a number text parses to, or `nil` when it parses to anything but `.int`.
private func parsedInt(_ text: String) throws -> Int? {
    let v = try JSON(parsing: text)
    if case .int(let i) = v { return i }
    return nil
}

/// The double a number text parses to, or `nil` when it parses to anything but `.double`.
private func parsedDouble(_ text: String) throws -> Double? {
    let v = try JSON(parsing: text)
    if case .double(let d) = v { return d }
    return nil
}

/// Number texts: integers that fit in 64 bits stay `.int`; fractions, exponents and larger integers become `.double`.
@Suite struct JSONParserNumberTests {
    @Test func integersStayIntegers() throws {
        #expect(try parsedInt("0") == 0)
        #expect(try parsedInt("7") == 7)
        #expect(try parsedInt("-42") == -42)
        #expect(try parsedInt("1234567890123") == 1_234_567_890_123)
        #expect(try parsedInt("9223372036854775807") == Int.max)
        #expect(try parsedInt("-9223372036854775808") == Int.min)
    }

    @Test func minusZeroWithoutAFractionIsTheIntegerZero() throws {
        #expect(try parsedInt("-0") == 0)
        #expect(try JSON(parsing: "-0").serialized() == "0")
    }

    @Test func integersBeyondSixtyFourBitsBecomeDoubles() throws {
        #expect(try parsedDouble("9223372036854775808") == 9_223_372_036_854_775_808.0)
        #expect(try parsedDouble("-9223372036854775809") == -9_223_372_036_854_775_808.0)
        #expect(try parsedDouble("123456789012345678901234567890") == 1.2345678901234568e29)
        // The digits a double cannot hold are lost: the value prints as Java prints the double.
        #expect(try JSON(parsing: "9223372036854775809").serialized() == "9.223372036854776E18")
    }

    @Test func fractionsAndExponentsBecomeDoubles() throws {
        #expect(try parsedDouble("1.0") == 1.0)
        #expect(try parsedDouble("0.5") == 0.5)
        #expect(try parsedDouble("-1.5") == -1.5)
        #expect(try parsedDouble("1.50") == 1.5)
        #expect(try parsedDouble("1e2") == 100)
        #expect(try parsedDouble("1E2") == 100)
        #expect(try parsedDouble("1e+2") == 100)
        #expect(try parsedDouble("25e-1") == 2.5)
        #expect(try parsedDouble("-1.25E-3") == -0.00125)
        #expect(try parsedDouble("0e0") == 0)
    }

    @Test func minusZeroWithAFractionKeepsItsSign() throws {
        let d = try #require(try parsedDouble("-0.0"))
        #expect(d == 0)
        #expect(d.sign == .minus)
        #expect(try JSON(parsing: "-0.0").serialized() == "-0.0")
    }

    @Test func exponentsBeyondTheDoubleRangeAreInfinite() throws {
        #expect(try parsedDouble("1e400") == Double.infinity)
        #expect(try parsedDouble("-1e400") == -Double.infinity)
    }

    @Test func numbersPrintInTheirParsedForm() throws {
        #expect(try JSON(parsing: "[1,1.0,1e0,10,1e1,-2.50]").serialized() == "[1,1.0,1.0,10,10.0,-2.5]")
    }
}
