import StepJSON
import StepJSONata
import Testing

@Suite struct Numbers {
    @Test func stringFollowsJavaScript() throws {
        #expect(try text("$string(1e21)") == "\"1e+21\"")
        #expect(try text("$string(1e20)") == "\"100000000000000000000\"")
        #expect(try text("$string(0.1 + 0.2)") == "\"0.3\"")
        #expect(try text("$string(1/3)") == "\"0.333333333333333\"")
        #expect(try text("$string(0.000001)") == "\"0.000001\"")
        #expect(try text("$string(0.0000001)") == "\"1e-7\"")
        #expect(try text("$string(-0)") == "\"0\"")
        #expect(try text("$string(100)") == "\"100\"")
        #expect(try text("'' & 12.5") == "\"12.5\"")
    }

    @Test func integralResultsPrintWithoutFraction() throws {
        #expect(try run("2.0 * 3") == .int(6))
        #expect(try text("10 / 4") == "2.5")
        #expect(try run("1e300 * 10") == .double(1e301))
    }

    @Test func roundIsHalfEven() throws {
        #expect(try text("[$round(0.5), $round(1.5), $round(2.5), $round(-1.5)]") == "[0,2,2,-2]")
        #expect(try text("$round(1.005, 2)") == "1")
        #expect(try text("$round(12345, -2)") == "12300")
        #expect(try text("$round(2.675, 2)") == "2.68")
    }

    @Test func formatNumberPictures() throws {
        #expect(try text("$formatNumber(1234.5678, '#,##0.00')") == "\"1,234.57\"")
        #expect(try text("$formatNumber(0.14, '01%')") == "\"14%\"")
        #expect(try text("$formatNumber(-6, '000')") == "\"-006\"")
        #expect(try text("$formatNumber(1234.5678, '00.000e0')") == "\"12.346e2\"")
        #expect(code("$formatNumber(1, '#.0.0')") == "D3081")
    }

    @Test func formatIntegerAndBase() throws {
        #expect(try text("$formatInteger(123, 'w')") == "\"one hundred and twenty-three\"")
        #expect(try text("$formatInteger(1999, 'I')") == "\"MCMXCIX\"")
        #expect(try text("$formatInteger(28, 'A')") == "\"AB\"")
        #expect(try text("$formatInteger(1234567, '#,##0')") == "\"1,234,567\"")
        #expect(try text("$formatInteger(2, '1;o')") == "\"2nd\"")
        #expect(try text("$parseInteger('twelve thousand, four hundred and one', 'w')") == "12401")
        #expect(code("$formatInteger(1, '#')") == "D3130")
        #expect(try text("$formatBase(255, 16)") == "\"ff\"")
        #expect(code("$formatBase(1, 40)") == "D3100")
    }

    @Test func numberCasts() throws {
        #expect(try text("$number('0x1F')") == "31")
        #expect(try text("$number('-1.5e2')") == "-150")
        #expect(code("$number('1,0')") == "D3030")
        #expect(code("$number('Infinity')") == "D3030")
    }

    @Test func nonFiniteResultsAreErrors() {
        #expect(code("1/0") == "D1001")
        #expect(code("$string(1/0)") == "D3001")
        #expect(code("$power(10, 1000)") == "D3061")
        #expect(code("$sqrt(-1)") == "D3060")
    }
}
