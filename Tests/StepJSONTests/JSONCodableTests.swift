import Foundation
import Testing

@testable import StepJSON

/// `JSON` through `Codable` (how `ExecutionState` is persisted between events).
@Suite struct JSONCodableTests {
    private func roundTrip(_ value: JSON) throws -> JSON {
        try JSONDecoder().decode(JSON.self, from: JSONEncoder().encode(value))
    }

    @Test func valuesSurvive() throws {
        let value = try JSON(parsing: #"{"s":"x","i":-3,"d":2.5,"b":true,"n":null,"a":[1,[],{}],"o":{"k":"v"},"big":9007199254740993}"#)
        #expect(try roundTrip(value) == value)
        #expect(try roundTrip(.int(Int.max)) == .int(Int.max))
        #expect(try roundTrip("") == "")
        #expect(try roundTrip([]) == [])
    }

    @Test func memberOrderSurvives() throws {
        let value = try JSON(parsing: #"{"zeta":1,"alpha":2,"mid":3,"beta":4,"omega":5,"gamma":6}"#)
        let back = try roundTrip(value)
        #expect(back == value)
        #expect(back.serialized() == value.serialized())
    }

    @Test func integralDoublesStayDoubles() throws {
        // `{"d":1.0}` prints as 1.0 in AWS's output; after a round trip it must not become 1.
        let back = try roundTrip(JSON.double(1.0))
        #expect(back.serialized() == "1.0")
    }
}
