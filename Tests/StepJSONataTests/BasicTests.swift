import StepJSON
import StepJSONata
import Testing

@Test func pathSelectsField() throws {
    let e = try JSONataExpression("a.b")
    #expect(try e.evaluate(input: ["a": ["b": 1]]) == .int(1))
}
