import StepJSON
import Testing

@testable import StepIntegrations

@Suite("URL encoding for the HTTP Task") struct FormEncodingTests {
    /// Encoded text with the brackets shown, for readable expectations.
    func encode(_ object: JSONObject, _ format: ArrayFormat = .indices) -> String {
        FormEncoding.encode(object, arrayFormat: format).replacingOccurrences(of: "%5B", with: "[")
            .replacingOccurrences(of: "%5D", with: "]")
    }

    @Test(arguments: [
        (ArrayFormat.indices, "array[0]=a&array[1]=b&array[2]=c&array[3]=d"),
        (.repeat, "array=a&array=b&array=c&array=d"),
        (.commas, "array=a,b,c,d"),
        (.brackets, "array[]=a&array[]=b&array[]=c&array[]=d"),
    ])
    func arraysAsEachFormatSpellsThem(format: ArrayFormat, expected: String) {
        #expect(encode(["array": ["a", "b", "c", "d"]], format) == expected)
    }

    @Test func nestedObjectsUseBracketsAndScalarsAreWrittenAsJSONWritesThem() {
        let body: JSONObject = [
            "customer": ["name": "Ada", "address": ["city": "Paris"]], "n": 2, "x": 2.5, "ok": true, "none": nil,
        ]
        #expect(encode(body) == "customer[name]=Ada&customer[address][city]=Paris&n=2&x=2.5&ok=true&none=")
    }

    @Test func reservedAndNonASCIICharactersArePercentEncoded() {
        #expect(FormEncoding.encode(["a b": "x&y=z/é~"], arrayFormat: .indices) == "a%20b=x%26y%3Dz%2F%C3%A9~")
        // Under COMMAS, commas inside an item are encoded so the separators stay distinct.
        #expect(FormEncoding.encode(["l": ["1,5", "2"]], arrayFormat: .commas) == "l=1%2C5,2")
    }

    @Test func containersInsideArraysKeepTheirPlace() {
        let body: JSONObject = ["items": [["sku": "A"], ["sku": "B"]]]
        #expect(encode(body, .indices) == "items[0][sku]=A&items[1][sku]=B")
        #expect(encode(body, .brackets) == "items[][sku]=A&items[][sku]=B")
        #expect(encode(["l": ["a", ["b", "c"]]], .commas) == "l=a&l[1]=b,c")
        #expect(encode(["empty": [], "o": [:]]) == "")
    }
}
