import StepJSON
import Testing

@testable import StepLanguage

private func json(_ text: String) -> JSON {
    do { return try JSON(parsing: text) } catch { fatalError("bad test JSON \(text): \(error)") }
}

private func eval(_ path: String, _ document: String) throws -> JSON? {
    try JSONPath(parsing: path).evaluate(in: json(document))
}

private let store = json(
    #"""
    {"store": {"book": [
        {"category": "reference", "author": "Nigel Rees", "title": "Sayings", "price": 8.95},
        {"category": "fiction", "author": "Evelyn Waugh", "title": "Sword", "price": 12.99},
        {"category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "isbn": "0-553", "price": 8},
        {"category": "fiction", "author": "Tolkien", "title": "LOTR", "isbn": "0-395", "price": 22.99}
      ],
      "bicycle": {"color": "red", "price": 19.95}},
     "x y": {"z": 1}, "arr": [10, 20, 30, 40, 50], "empty": [], "nul": null}
    """#)

@Suite struct JSONPathParsingTests {
    @Test(arguments: [
        ("$", JSONPath.Root.input), ("$.a", .input), ("$$", .context), ("$$.Execution.Id", .context),
        ("$var", .variable("var")), ("$var.a[0]", .variable("var")), ("$_x1", .variable("_x1")),
    ])
    func roots(_ text: String, _ root: JSONPath.Root) throws {
        let p = try JSONPath(parsing: text)
        #expect(p.root == root)
        #expect(p.text == text)
        #expect(p.description == text)
    }

    @Test(arguments: [
        ("$", true, true), ("$.a.b", true, true), ("$['x y']", true, true), ("$[0]", true, true), ("$.a[-1]", true, true),
        ("$[*]", false, false), ("$.a[1:2]", false, false), ("$..a", false, false), ("$[?(@.a > 1)]", false, false),
        ("$['a','b']", false, false), ("$[0,1]", false, false), ("$.*", false, false),
    ])
    func definiteness(_ text: String, _ definite: Bool, _ reference: Bool) throws {
        let p = try JSONPath(parsing: text)
        #expect(p.isDefinite == definite)
        #expect(p.isReference == reference)
    }

    @Test(arguments: [
        ("$.a.b", "$['a']['b']"), ("$['x y'][0]", "$['x y'][0]"), ("$.a[-1]", "$['a'][-1]"), ("$[*]", "$[*]"),
        ("$.a[1:3]", "$['a'][1:3]"), ("$..x", "$..['x']"), ("$[0,2]", "$[0,2]"), ("$[\"q\"]", "$['q']"),
    ])
    func normalizedForm(_ text: String, _ normalized: String) throws {
        #expect(try JSONPath(parsing: text).normalized == normalized)
    }

    @Test func rootOnlyPath() throws {
        #expect(try JSONPath(parsing: "$").isRoot)
        #expect(try !JSONPath(parsing: "$.a").isRoot)
        #expect(try !JSONPath(parsing: "$$").isRoot)
    }

    @Test(arguments: ["", "a", ".a", "$.", "$..", "$[", "$[0", "$['a", "$[?(@.a > 1)", "$[?@.a]", "$a b", "$[x]"])
    func rejects(_ text: String) {
        #expect(throws: PathError.self) { try JSONPath(parsing: text) }
    }

    @Test func errorCarriesThePath() {
        do {
            _ = try JSONPath(parsing: "$[")
            Issue.record("expected an error")
        } catch {
            #expect(error.path == "$[")
            #expect(!error.message.isEmpty)
            #expect(error.description.contains("$["))
        }
    }
}

@Suite struct JSONPathEvaluationTests {
    @Test func rootSelectsEverything() throws {
        #expect(try JSONPath(parsing: "$").evaluate(in: store) == store)
    }

    @Test func definitePaths() throws {
        let p = try JSONPath(parsing: "$.store.bicycle.color")
        #expect(p.evaluate(in: store) == "red")
        #expect(try JSONPath(parsing: "$.store.book[2].title").evaluate(in: store) == "Moby Dick")
        #expect(try JSONPath(parsing: "$['x y'].z").evaluate(in: store) == 1)
        #expect(try JSONPath(parsing: "$[\"x y\"]['z']").evaluate(in: store) == 1)
        #expect(try JSONPath(parsing: "$.nul").evaluate(in: store) == .null)
    }

    @Test func negativeIndexCountsFromTheEnd() throws {
        #expect(try eval("$[-1]", "[1,2,3]") == 3)
        #expect(try eval("$[-3]", "[1,2,3]") == 1)
        #expect(try eval("$[-4]", "[1,2,3]") == nil)
    }

    @Test func definitePathFindsNothing() throws {
        #expect(try eval("$.a", "{}") == nil)
        #expect(try eval("$.a.b", #"{"a": 1}"#) == nil)
        #expect(try eval("$[3]", "[1,2,3]") == nil)
        #expect(try eval("$.a", "[1]") == nil)
        #expect(try eval("$[0]", #"{"0": 1}"#) == nil)
    }

    @Test(arguments: [
        ("$.arr[1:3]", "[20,30]"), ("$.arr[:2]", "[10,20]"), ("$.arr[3:]", "[40,50]"), ("$.arr[-1:]", "[50]"),
        ("$.arr[-2:]", "[40,50]"), ("$.arr[:-3]", "[10,20]"), ("$.arr[1:100]", "[20,30,40,50]"), ("$.arr[4:2]", "[]"),
        ("$.arr[0:5:2]", "[10,30,50]"), ("$.empty[0:1]", "[]"), ("$.store[0:1]", "[]"), ("$.missing[1:]", "[]"),
    ])
    func slices(_ path: String, _ expected: String) throws {
        #expect(try JSONPath(parsing: path).evaluate(in: store) == json(expected))
    }

    @Test(arguments: [
        ("$.arr[*]", "[10,20,30,40,50]"), ("$.store.bicycle[*]", #"["red",19.95]"#),
        ("$.store.bicycle.*", #"["red",19.95]"#), ("$.store.book[*].author", #"["Nigel Rees","Evelyn Waugh","Herman Melville","Tolkien"]"#),
        ("$.store.book[*].isbn", #"["0-553","0-395"]"#), ("$.empty[*]", "[]"), ("$.nul[*]", "[]"),
        ("$.arr[0,2,-1]", "[10,30,50]"), ("$.arr[7,1]", "[20]"),
    ])
    func wildcardsAndUnions(_ path: String, _ expected: String) throws {
        #expect(try JSONPath(parsing: path).evaluate(in: store) == json(expected))
    }

    @Test func memberUnionMergesIntoOneObject() throws {
        // Jayway answers `$['a','b']` with one object holding the members it found.
        #expect(try eval("$['a','b']", #"{"a":1,"b":2,"c":3}"#) == json(#"[{"a":1,"b":2}]"#))
        #expect(try eval("$['a','zz']", #"{"a":1}"#) == json(#"[{"a":1}]"#))
        #expect(try eval("$[*]['a','b'].v", #"[{"a":{"v":1},"b":{"v":2}}]"#) == json("[1,2]"))
    }

    @Test func deepScan() throws {
        #expect(
            try JSONPath(parsing: "$..author").evaluate(in: store)
                == json(#"["Nigel Rees","Evelyn Waugh","Herman Melville","Tolkien"]"#))
        #expect(try JSONPath(parsing: "$.store..price").evaluate(in: store)?.arrayValue?.count == 5)
        // Nearer matches come before deeper ones.
        #expect(try eval("$..x", #"{"a":{"x":1},"x":2}"#) == json("[2,1]"))
        #expect(try eval("$..[0]", #"{"a":[[1,2],3]}"#) == json("[[1,2],1]"))
        #expect(try eval("$..nothing", #"{"a":{"b":1}}"#) == json("[]"))
        #expect(try eval("$..*", #"{"a":{"b":1}}"#) == json(#"[{"b":1},1]"#))
    }

    @Test(arguments: [
        ("$.store.book[?(@.price < 10)].title", #"["Sayings","Moby Dick"]"#),
        ("$.store.book[?(@.price > 10 && @.price < 20)].title", #"["Sword"]"#),
        ("$.store.book[?(@.price > 20 || @.category == 'reference')].title", #"["Sayings","LOTR"]"#),
        ("$.store.book[?(@.isbn)].title", #"["Moby Dick","LOTR"]"#),
        ("$.store.book[?(@.category == \"fiction\")].price", "[12.99,8,22.99]"),
        ("$.store.book[?(@.price == 8)].author", #"["Herman Melville"]"#),
        ("$.store.book[?(@.price >= 12.99)].title", #"["Sword","LOTR"]"#),
        ("$.store.book[?(@.price <= 8.95)].title", #"["Sayings","Moby Dick"]"#),
        ("$.store.book[?(@.author =~ /.*Waugh/)].title", #"["Sword"]"#),
        ("$.store.book[?(@.author =~ /nigel.*/i)].title", #"["Sayings"]"#),
        ("$.store.book[?(@.category in ['reference'])].title", #"["Sayings"]"#),
        ("$.store.book[?(@.category nin ['fiction'])].title", #"["Sayings"]"#),
        ("$.store.book[?(@.price < $.store.bicycle.price)].title", #"["Sayings","Sword","Moby Dick"]"#),
        ("$.store.book[?(!(@.price < 10))].title", #"["Sword","LOTR"]"#),
        ("$.arr[?(@ > 25)]", "[30,40,50]"),
    ])
    func filters(_ path: String, _ expected: String) throws {
        #expect(try JSONPath(parsing: path).evaluate(in: store) == json(expected))
    }

    @Test func filterOnAnObjectTestsTheObjectItself() throws {
        #expect(try eval("$.a[?(@.v > 1)]", #"{"a":{"v":2}}"#) == json(#"[{"v":2}]"#))
        #expect(try eval("$.a[?(@.v > 1)]", #"{"a":{"v":0}}"#) == json("[]"))
    }

    @Test func indefinitePathsAlwaysGiveArrays() throws {
        #expect(try eval("$.none[*]", "{}") == json("[]"))
        #expect(try eval("$..none", "{}") == json("[]"))
        #expect(try eval("$[?(@.a)]", "5") == json("[]"))
    }

    @Test func resolvesContextAndVariables() throws {
        let env = StaticEnvironment(context: ["Execution": ["Name": "exec"]], variables: ["v": ["k": [1, 2]]])
        #expect(try JSONPath(parsing: "$$.Execution.Name").resolve(input: [:], environment: env) == "exec")
        #expect(try JSONPath(parsing: "$v.k[1]").resolve(input: [:], environment: env) == 2)
        #expect(try JSONPath(parsing: "$v").resolve(input: [:], environment: env) == ["k": [1, 2]])
        #expect(try JSONPath(parsing: "$w").resolve(input: [:], environment: env) == nil)
        #expect(try JSONPath(parsing: "$.a").resolve(input: ["a": true], environment: env) == true)
        #expect(try JSONPath(parsing: "$v.k").document(input: [:], environment: env) == ["k": [1, 2]])
        #expect(try JSONPath(parsing: "$$.x").document(input: [:], environment: env) == env.context)
    }
}

@Suite struct JSONPathMissingDescriptionTests {
    @Test(arguments: [
        ("$.a", "{}", "No results for path: $['a']"),
        ("$.NoSuchInputPath", #"{"int-literal":0}"#, "No results for path: $['NoSuchInputPath']"),
        ("$.no.such.result.path", "{}", "Missing property in path $['no']"),
        ("$.a.b.c", #"{"a":{}}"#, "Missing property in path $['a']['b']"),
        ("$.a.b", #"{"a":{}}"#, "No results for path: $['a']['b']"),
        ("$.a[3]", #"{"a":[1]}"#, "No results for path: $['a'][3]"),
        ("$['x y'].z", "{}", "Missing property in path $['x y']"),
    ])
    func jaywayMessages(_ path: String, _ document: String, _ message: String) throws {
        #expect(try JSONPath(parsing: path).missingDescription(in: json(document)) == message)
    }

    /// Jayway swallows an out-of-bounds index (ArrayPathToken.handleArrayIndex catches
    /// IndexOutOfBoundsException), so the evaluation just finds nothing and the error names the whole path;
    /// only a missing *property* before the last step gives "Missing property in path".
    @Test func outOfBoundsIndexBeforeTheLastStepReportsTheWholePath() throws {
        let p = try JSONPath(parsing: "$.a[3].b")
        #expect(p.missingDescription(in: json(#"{"a":[1]}"#)) == "No results for path: $['a'][3]['b']")
    }
}

@Suite struct JSONPathSettingTests {
    private func set(_ path: String, _ value: JSON, in document: String) throws -> JSON {
        try JSONPath(parsing: path).setting(value, in: json(document))
    }

    @Test func rootReplacesTheDocument() throws {
        #expect(try set("$", 5, in: #"{"a":1}"#) == 5)
    }

    @Test func setsAndReplacesMembers() throws {
        #expect(try set("$.r", "x", in: #"{"a":1}"#).serialized() == #"{"a":1,"r":"x"}"#)
        #expect(try set("$.a", "x", in: #"{"a":1,"b":2}"#).serialized() == #"{"a":"x","b":2}"#)
        #expect(try set("$['x y']", 1, in: "{}").serialized() == #"{"x y":1}"#)
    }

    @Test func createsObjectsOnTheWay() throws {
        #expect(try set("$.a.b.c", true, in: "{}").serialized() == #"{"a":{"b":{"c":true}}}"#)
        #expect(try set("$.a.b", 1, in: #"{"a":{"x":0}}"#).serialized() == #"{"a":{"x":0,"b":1}}"#)
    }

    @Test func setsArrayElements() throws {
        #expect(try set("$.a[1]", "x", in: #"{"a":[1,2,3]}"#).serialized() == #"{"a":[1,"x",3]}"#)
        #expect(try set("$.a[-1].k", 0, in: #"{"a":[{},{}]}"#).serialized() == #"{"a":[{},{"k":0}]}"#)
    }

    @Test func failsWhereThePathCannotApply() throws {
        #expect(throws: PathError.self) { try set("$.a", 1, in: "[1]") }
        #expect(throws: PathError.self) { try set("$.a", 1, in: "\"str\"") }
        #expect(throws: PathError.self) { try set("$[5]", 1, in: "[1]") }
        #expect(throws: PathError.self) { try set("$[0]", 1, in: "{}") }
        #expect(throws: PathError.self) { try set("$[*]", 1, in: "[1]") }
    }

    @Test func leavesTheOriginalUntouched() throws {
        let original = json(#"{"a":{"b":1}}"#)
        let updated = try JSONPath(parsing: "$.a.c").setting(2, in: original)
        #expect(original.serialized() == #"{"a":{"b":1}}"#)
        #expect(updated.serialized() == #"{"a":{"b":1,"c":2}}"#)
    }
}
