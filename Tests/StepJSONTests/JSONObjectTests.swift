import Foundation
import Testing

@testable import StepJSON

/// `JSONObject`: members in insertion order, replaced in place, removed with the later ones moving up, found
/// the same below and above the size at which it builds its hash index.
@Suite struct JSONObjectTests {
    @Test func membersKeepInsertionOrder() {
        var o = JSONObject()
        #expect(o.isEmpty && o.count == 0)
        o["b"] = 1
        o["a"] = 2
        o["c"] = 3
        #expect(o.keys == ["b", "a", "c"])
        #expect(o.values == [1, 2, 3])
        #expect(o.map { $0.key } == ["b", "a", "c"])
        #expect(o.map { $0.value } == [1, 2, 3])
        #expect(!o.isEmpty && o.count == 3)
    }

    @Test func replacingAValueKeepsItsPlace() {
        var o: JSONObject = ["b": 1, "a": 2, "c": 3]
        o["a"] = "new"
        #expect(o.keys == ["b", "a", "c"])
        #expect(o["a"] == "new")
        o["a"] = JSON.null  // null is a value, not a removal
        #expect(o.count == 3 && o["a"] == JSON.null)
    }

    @Test func removingMovesLaterMembersUp() {
        var o: JSONObject = ["b": 1, "a": 2, "c": 3]
        #expect(o.removeValue(forKey: "a") == 2)
        #expect(o.keys == ["b", "c"])
        #expect(o.position(of: "c") == 1)
        #expect(o.removeValue(forKey: "a") == nil)
        o["missing"] = nil
        #expect(o.keys == ["b", "c"])
        o["b"] = nil
        #expect(o.keys == ["c"] && o.position(of: "c") == 0)
    }

    @Test func pairsInitializerLetsTheLastDuplicateWin() {
        let pairs: [(String, JSON)] = [("x", 1), ("y", 2), ("x", 3)]
        let o = JSONObject(pairs)
        #expect(o.keys == ["x", "y"])
        #expect(o["x"] == 3)
        #expect(JSONObject(minimumCapacity: 100).isEmpty)
    }

    @Test func positionsStayRightAcrossTheIndexThreshold() {
        var o = JSONObject()
        for i in 0..<30 {
            o["k\(i)"] = .int(i)
            #expect((0...i).allSatisfy { o.position(of: "k\($0)") == $0 }, "after adding k\(i)")
            #expect(o.position(of: "k\(i + 1)") == nil)
        }
        // Remove from the front: every later member moves up a place, as the object shrinks past the threshold.
        for removed in 0..<30 {
            #expect(o.removeValue(forKey: "k\(removed)") == .int(removed))
            #expect(o.position(of: "k\(removed)") == nil)
            #expect(((removed + 1)..<30).allSatisfy { o.position(of: "k\($0)") == $0 - removed - 1 }, "after removing k\(removed)")
        }
        #expect(o.isEmpty)
    }

    @Test func addingAfterARemovalInALargeObject() {
        var o = JSONObject()
        for i in 0..<20 { o["k\(i)"] = .int(i) }
        o["k5"] = nil
        o["new"] = "n"
        #expect(o.position(of: "k6") == 5)
        #expect(o.position(of: "new") == 19)
        #expect(o["new"] == "n" && o["k5"] == nil && o.count == 20)
    }

    @Test func codableKeepsOrderAndRefusesOtherValues() throws {
        let o: JSONObject = ["z": 1, "a": [1.0]]
        let data = try JSONEncoder().encode(o)
        let back = try JSONDecoder().decode(JSONObject.self, from: data)
        #expect(back == o)
        #expect(back.keys == ["z", "a"])
        #expect(JSON.object(back).serialized() == #"{"z":1,"a":[1.0]}"#)
        // A `JSONObject` (like a `JSON`) is encoded as a string holding its text.
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(JSONObject.self, from: Data(#""[1]""#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(JSON.self, from: Data(#""{""#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(JSON.self, from: Data("1".utf8)) }
    }
}
