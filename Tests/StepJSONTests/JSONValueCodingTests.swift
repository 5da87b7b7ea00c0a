import StepJSON
import Testing

/// `JSONValueEncoder` and `JSONValueDecoder`: `Codable` types to and from `JSON` values (the queue's wire format).
@Suite struct JSONValueCodingTests {
    enum Colour: String, Codable, Equatable { case red, green }
    enum Level: Int, Codable, Equatable { case low = 1, high = 3 }

    struct Leaf: Codable, Equatable {
        var name: String
        var weight: Double
        var tags: [String]
    }

    struct Tree: Codable, Equatable {
        var id: Int
        var big: Int64
        var small: UInt8
        var ratio: Float
        var flag: Bool
        var colour: Colour
        var level: Level
        var leaves: [Leaf]
        var matrix: [[Int]]
        var nickname: String?
        var parent: Int?
        var lookup: [String: Int]
        var maybe: [Int?]
    }

    struct Carrier: Codable, Equatable {
        var first: String
        var payload: JSON
        var object: JSONObject
        var optionalPayload: JSON?
        var list: [JSON]
        var last: Int
    }

    static let tree = Tree(
        id: 7, big: Int64.min, small: 255, ratio: 0.1, flag: true, colour: .green, level: .high,
        leaves: [Leaf(name: "a", weight: 1.5, tags: ["x", "y"]), Leaf(name: "b", weight: 2, tags: [])],
        matrix: [[1, 2], [], [3]], nickname: nil, parent: 3, lookup: ["k": 1], maybe: [1, nil, 3])

    @Test func nestedStructsArraysOptionalsAndEnumsRoundTrip() throws {
        let json = try JSONValueEncoder().encode(Self.tree)
        #expect(try JSONValueDecoder().decode(Tree.self, from: json) == Self.tree)
        // Members in declaration order; the nil optional left out; enums as their raw values.
        #expect(json.objectValue?.keys.first == "id")
        #expect(json.objectValue?.keys.contains("nickname") == false)
        #expect(json["parent"] == 3)
        #expect(json["colour"] == "green")
        #expect(json["level"] == 3)
        #expect(json["big"] == .int(Int(Int64.min)))
        #expect(json["maybe"] == [1, nil, 3])
        #expect(json["leaves"]?.arrayValue?.first?.serialized() == #"{"name":"a","weight":1.5,"tags":["x","y"]}"#)
        #expect(json["ratio"]?.serialized() == "0.1", "a Float as it prints, not widened")
        // Through the text and back, as a message body goes.
        let reparsed = try JSON(parsing: json.serialized())
        #expect(try JSONValueDecoder().decode(Tree.self, from: reparsed) == Self.tree)
    }

    @Test func memberOrderIsTheOrderOfEncoding() throws {
        struct Backwards: Encodable {
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: JSONValueCodingTests.AnyKey.self)
                for name in ["zeta", "alpha", "mid", "beta", "omega", "gamma", "c", "b", "a", "n", "m", "l", "k", "j"] {
                    try c.encode(name.count, forKey: AnyKey(name))
                }
            }
        }
        let json = try JSONValueEncoder().encode(Backwards())
        #expect(json.objectValue?.keys == ["zeta", "alpha", "mid", "beta", "omega", "gamma", "c", "b", "a", "n", "m", "l", "k", "j"])
    }

    @Test func jsonMembersAreEmbeddedAsValuesWithTheirOrder() throws {
        let payload = try JSON(parsing: #"{"zeta":1,"alpha":{"y":2.0,"x":[true,null]},"mid":"s"}"#)
        let object = try #require(try JSON(parsing: #"{"b":1,"a":2}"#).objectValue)
        let carrier = Carrier(first: "f", payload: payload, object: object, optionalPayload: nil, list: [1, "two", [:]], last: 9)
        let json = try JSONValueEncoder().encode(carrier)
        #expect(
            json.serialized()
                == #"{"first":"f","payload":{"zeta":1,"alpha":{"y":2.0,"x":[true,null]},"mid":"s"},"object":{"b":1,"a":2},"list":[1,"two",{}],"last":9}"#
        )
        let back = try JSONValueDecoder().decode(Carrier.self, from: json)
        #expect(back == carrier)
        #expect(back.payload.serialized() == payload.serialized(), "member order and 2.0 survive")
        #expect(back.object.keys == ["b", "a"])
        // A JSON member that is null is a JSON null, and an optional one that is there is kept.
        var withNull = carrier
        withNull.payload = .null
        withNull.optionalPayload = ["k": "v"]
        let nullJSON = try JSONValueEncoder().encode(withNull)
        #expect(nullJSON["payload"] == .null)
        #expect(try JSONValueDecoder().decode(Carrier.self, from: nullJSON) == withNull)
        // At the top level too.
        #expect(try JSONValueEncoder().encode(payload).serialized() == payload.serialized())
        #expect(try JSONValueDecoder().decode(JSON.self, from: payload).serialized() == payload.serialized())
        #expect(try JSONValueDecoder().decode(JSONObject.self, from: payload).keys == ["zeta", "alpha", "mid"])
        #expect(try JSONValueEncoder().encode(["p": payload]).serialized() == #"{"p":\#(payload.serialized())}"#)
    }

    @Test func integersStayIntegersAndDoublesStayDoubles() throws {
        struct Numbers: Codable, Equatable {
            var i: Int
            var d: Double
            var whole: Double
        }
        let json = try JSONValueEncoder().encode(Numbers(i: 1, d: 2.5, whole: 1.0))
        #expect(json.serialized() == #"{"i":1,"d":2.5,"whole":1.0}"#)
        guard case .int = json["i"], case .double = json["whole"] else {
            Issue.record("1 is .int and 1.0 is .double: \(json)")
            return
        }
        // Numbers convert where they are exact: 2.0 as an Int, 3 as a Double.
        let loose = try JSON(parsing: #"{"i":2.0,"d":3,"whole":4}"#)
        #expect(try JSONValueDecoder().decode(Numbers.self, from: loose) == Numbers(i: 2, d: 3, whole: 4))
    }

    @Test func numbersOutOfRangeAreDecodingErrors() throws {
        struct Wide: Decodable { var n: Int64 }
        struct Narrow: Decodable { var n: Int8 }
        struct Unsigned: Decodable { var n: UInt64 }
        struct Whole: Decodable { var n: Int }
        let tooBig = try JSON(parsing: #"{"n":9223372036854775808}"#)
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Wide.self, from: tooBig) }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Wide.self, from: ["n": 1e300]) }
        #expect(try JSONValueDecoder().decode(Wide.self, from: ["n": .int(Int.max)]).n == Int64.max)
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Narrow.self, from: ["n": 300]) }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Unsigned.self, from: ["n": -1]) }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Whole.self, from: ["n": 1.5]) }
        do {
            _ = try JSONValueDecoder().decode(Narrow.self, from: ["n": 300])
            Issue.record("300 is no Int8")
        } catch DecodingError.dataCorrupted(let context) {
            #expect(context.codingPath.map(\.stringValue) == ["n"])
        }
    }

    @Test func numbersJSONCannotHoldAreEncodingErrors() {
        struct Bad: Encodable { var d: Double }
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode(Bad(d: .nan)) }
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode([Double.infinity]) }
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode(["u": UInt64.max]) }
    }

    @Test func aTypeMismatchNamesItsCodingPath() throws {
        let json = try JSON(parsing: #"{"id":1,"leaves":[{"name":"a","weight":1,"tags":[]},{"name":"b","weight":"heavy","tags":[]}]}"#)
        struct Forest: Decodable {
            var id: Int
            var leaves: [Leaf]
        }
        do {
            _ = try JSONValueDecoder().decode(Forest.self, from: json)
            Issue.record("a string is no Double")
        } catch DecodingError.typeMismatch(let type, let context) {
            #expect(type is Double.Type)
            #expect(context.codingPath.map(\.stringValue) == ["leaves", "Index 1", "weight"])
            #expect(context.codingPath.map(\.intValue) == [nil, 1, nil])
            #expect(context.debugDescription.contains("a string"))
            let error = DecodingError.typeMismatch(type, context)
            #expect(JSONValueDecoder.describe(error) == "leaves[1].weight: Expected to decode Double but found a string instead.")
        }
    }

    @Test func missingAndNullMembersAreReported() throws {
        do {
            _ = try JSONValueDecoder().decode(Leaf.self, from: ["name": "a", "tags": []])
            Issue.record("weight is missing")
        } catch DecodingError.keyNotFound(let key, let context) {
            #expect(key.stringValue == "weight")
            #expect(context.codingPath.isEmpty)
            #expect(JSONValueDecoder.describe(DecodingError.keyNotFound(key, context)).hasPrefix("weight: "))
        }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Leaf.self, from: ["name": nil, "weight": 1, "tags": []]) }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Leaf.self, from: "not an object") }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode([Int].self, from: ["a": 1]) }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Colour.self, from: "blue") }
        // A null optional member is nil, like a missing one.
        struct Maybe: Decodable { var n: Int? }
        #expect(try JSONValueDecoder().decode(Maybe.self, from: ["n": nil]).n == nil)
        #expect(try JSONValueDecoder().decode(Maybe.self, from: [:]).n == nil)
    }

    /// A hand-written `Codable` with nested containers and super encoders.
    struct Custom: Codable, Equatable {
        var a: Int
        var inner: [String]
        var point: (x: Int, y: Int)
        var base: String

        init(a: Int, inner: [String], point: (x: Int, y: Int), base: String) {
            self.a = a
            self.inner = inner
            self.point = point
            self.base = base
        }

        static func == (l: Custom, r: Custom) -> Bool {
            l.a == r.a && l.inner == r.inner && l.point == r.point && l.base == r.base
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: AnyKey.self)
            try c.encode(a, forKey: AnyKey("a"))
            var point = c.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey("point"))
            var list = c.nestedUnkeyedContainer(forKey: AnyKey("inner"))
            try c.encode("after", forKey: AnyKey("z"))
            try point.encode(point.codingPath.count, forKey: AnyKey("depth"))
            try point.encode(self.point.x, forKey: AnyKey("x"))
            try point.encode(self.point.y, forKey: AnyKey("y"))
            for s in inner { try list.encode(s) }
            var pair = list.nestedUnkeyedContainer()
            try pair.encode(1)
            var sup = c.superEncoder().singleValueContainer()
            try sup.encode(base)
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: AnyKey.self)
            a = try c.decode(Int.self, forKey: AnyKey("a"))
            let point = try c.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey("point"))
            self.point = (try point.decode(Int.self, forKey: AnyKey("x")), try point.decode(Int.self, forKey: AnyKey("y")))
            var list = try c.nestedUnkeyedContainer(forKey: AnyKey("inner"))
            var inner: [String] = []
            while !list.isAtEnd {
                if (try? list.decodeNil()) == true { continue }
                if let s = try? list.decode(String.self) {
                    inner.append(s)
                } else {
                    var pair = try list.nestedUnkeyedContainer()
                    #expect(try pair.decode(Int.self) == 1)
                    #expect(pair.isAtEnd)
                }
            }
            self.inner = inner
            base = try c.superDecoder().singleValueContainer().decode(String.self)
        }
    }

    @Test func nestedContainersAndSuperEncodersKeepTheirPlace() throws {
        let value = Custom(a: 1, inner: ["p", "q"], point: (3, 4), base: "b")
        let json = try JSONValueEncoder().encode(value)
        #expect(json.serialized() == #"{"a":1,"point":{"depth":1,"x":3,"y":4},"inner":["p","q",[1]],"z":"after","super":"b"}"#)
        #expect(try JSONValueDecoder().decode(Custom.self, from: json) == value)
    }

    @Test func topLevelScalarsAndEmptyValues() throws {
        struct Nothing: Encodable { func encode(to encoder: any Encoder) throws {} }
        struct Empty: Codable, Equatable {}
        #expect(try JSONValueEncoder().encode(3) == 3)
        #expect(try JSONValueEncoder().encode("s") == "s")
        #expect(try JSONValueEncoder().encode(Int?.none) == .null)
        #expect(try JSONValueEncoder().encode(Empty()) == [:])
        #expect(try JSONValueDecoder().decode(Empty.self, from: [:]) == Empty())
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode(Nothing()) }
        #expect(try JSONValueDecoder().decode(Int?.self, from: .null) == nil)
        #expect(try JSONValueDecoder().decode(UInt16.self, from: 65535) == 65535)
    }

    static let mode = CodingUserInfoKey(rawValue: "mode")

    /// Encodes, and decodes as, the `mode` its coder's `userInfo` holds.
    struct Probe: Codable {
        var seen: String
        init(seen: String) { self.seen = seen }
        init(from decoder: any Decoder) throws { seen = JSONValueCodingTests.mode.flatMap { decoder.userInfo[$0] as? String } ?? "" }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            try c.encode(JSONValueCodingTests.mode.flatMap { encoder.userInfo[$0] as? String } ?? "")
        }
    }

    @Test func userInfoReachesEncodeAndDecode() throws {
        let key = try #require(Self.mode)
        #expect(try JSONValueEncoder(userInfo: [key: "e"]).encode(Probe(seen: "")) == "e")
        #expect(try JSONValueDecoder(userInfo: [key: "d"]).decode(Probe.self, from: .null).seen == "d")
    }

    /// Keys made of names, for hand-written `Codable`s.
    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
