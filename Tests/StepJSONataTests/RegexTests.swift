import StepJSON
import StepJSONata
import Testing

@Suite struct RegularExpressions {
    @Test func matchReportsGroupsAndIndexes() throws {
        #expect(try text("$match('ababbabbb', /a(b+)/).index") == "[0,2,5]")
        #expect(try text("$match('ababbabbb', /a(b+)/, 2).groups") == "[\"b\",\"bb\"]")
        #expect(try text("$match('abc', /x/)") == "undefined")
    }

    @Test func replaceSubstitutesGroups() throws {
        #expect(try text("$replace('John Smith', /(\\w+)\\s(\\w+)/, '$2, $1')") == "\"Smith, John\"")
        #expect(try text("$replace('265USD', /([0-9]+)USD/, '$$$1')") == "\"$265\"")
        #expect(try text("$replace('abc', /b/, function($m) { $uppercase($m.match) })") == "\"aBc\"")
        #expect(try text("$replace('aaa', 'a', 'b', 2)") == "\"bba\"")
    }

    @Test func flagsAndAssertions() throws {
        #expect(try text("$contains('Hello', /hello/i)") == "true")
        #expect(try text("$split('a1b22c', /\\d+/)") == "[\"a\",\"b\",\"c\"]")
        #expect(try text("$match('line1\\nline2', /^line\\d$/m).match") == "[\"line1\",\"line2\"]")
        #expect(try text("$replace('price: 100', /(?<=: )\\d+/, 'N')") == "\"price: N\"")
        #expect(try text("$match('foofoo bar', /(foo)\\1/).match") == "\"foofoo\"")
        #expect(try text("$replace('a.b.c', /\\.(?!c)/, '-')") == "\"a-b.c\"")
        #expect(try text("$match('aaa', /a{1,2}?/).match") == "[\"a\",\"a\",\"a\"]")
    }

    @Test func regexAsPredicateAndFunction() throws {
        #expect(try text("['cat', 'dog', 'cow'][$ ~> /^c/]") == "[\"cat\",\"cow\"]")
        #expect(try text("($re := /b+/; $re('abbbc').match)") == "\"bbb\"")
        // after an opening parenthesis a slash is division, as in the reference
        #expect(code("(/b+/)") == "S0211")
    }

    @Test func zeroLengthMatchesAreRefused() {
        #expect(code("$replace('abc', /x*/, '-')") == "D1004")
        #expect(code("$replace('abc', '', '-')") == "D3010")
    }

    @Test func syntaxErrors() {
        #expect(code("/abc") == "S0302")
        #expect(code("$match('a', //)") == "S0301")
    }
}
