import StepJSON
import StepJSONata
import Testing

/// Evaluates `expr` against `input` (a JSON text, or nil for undefined).
func run(_ expr: String, _ input: String? = nil, _ env: JSONataEnvironment = JSONataEnvironment()) throws -> JSON? {
    let data = try input.map { try JSON(parsing: $0) }
    return try JSONataExpression(expr).evaluate(input: data, environment: env)
}

/// The result serialised compactly, or "undefined".
func text(_ expr: String, _ input: String? = nil, _ env: JSONataEnvironment = JSONataEnvironment()) throws -> String {
    try run(expr, input, env)?.serialized() ?? "undefined"
}

/// The error code the expression raises, or nil.
func code(_ expr: String, _ input: String? = nil, _ env: JSONataEnvironment = JSONataEnvironment()) -> String? {
    do {
        _ = try run(expr, input, env)
        return nil
    } catch let e as JSONataError {
        return e.code
    } catch {
        return "not a JSONataError"
    }
}

let orders = """
    {"Account": {"Order": [
      {"id": "a", "Product": [{"Name": "hat", "Price": 10, "Qty": 2}, {"Name": "cap", "Price": 5, "Qty": 1}]},
      {"id": "b", "Product": {"Name": "bag", "Price": 30, "Qty": 1}}
    ]}}
    """

@Suite struct Sequences {
    @Test func singletonUnwraps() throws {
        #expect(try text("Account.Order[1].Product.Name", orders) == "\"bag\"")
        #expect(try text("Account.Order[0].Product.Name", orders) == "[\"hat\",\"cap\"]")
    }

    @Test func keepArrayKeepsSingletons() throws {
        #expect(try text("Account.Order[1].Product.Name[]", orders) == "[\"bag\"]")
        #expect(try text("Account.Order[1].Product[].Name", orders) == "[\"bag\"]")
    }

    @Test func pathsFlattenAcrossArrays() throws {
        #expect(try text("Account.Order.Product.Price", orders) == "[10,5,30]")
        #expect(try text("$count(Account.Order.Product)", orders) == "3")
    }

    @Test func inputArrayFieldStaysArray() throws {
        #expect(try text("a", "{\"a\": [1]}") == "[1]")
        #expect(try text("$", "[1]") == "[1]")
        #expect(try text("$[0]", "[1, 2]") == "1")
    }

    @Test func arrayConstructorsDoNotFlattenNested() throws {
        #expect(try text("[[1, 2], [3]]") == "[[1,2],[3]]")
        #expect(try text("[1, [2, 3]]") == "[1,[2,3]]")
        #expect(try text("[1..3, 5]") == "[1,2,3,5]")
    }

    @Test func indexAndFocusBindings() throws {
        #expect(try text("Account.Order#$i.Product.($i)", orders) == "[0,0,1]")
        // a focus binding leaves the context where it was: the next step still sees Account
        #expect(try text("Account.Order@$o.Order[id = $o.id].Product.Name", orders) == "[\"hat\",\"cap\",\"bag\"]")
        #expect(try text("Account.Order@$o.Product", orders) == "undefined")
    }

    @Test func parentOperator() throws {
        #expect(
            try text("Account.Order.Product.{'order': %.id, 'name': Name}[0]", orders)
                == "{\"order\":\"a\",\"name\":\"hat\"}")
    }

    @Test func groupingAndSorting() throws {
        #expect(try text("Account.Order.Product{Name: Price}", orders) == "{\"hat\":10,\"cap\":5,\"bag\":30}")
        #expect(try text("Account.Order.Product^(>Price).Name", orders) == "[\"bag\",\"hat\",\"cap\"]")
        #expect(try text("Account.Order.Product^(Name).Name", orders) == "[\"bag\",\"cap\",\"hat\"]")
    }

    @Test func wildcardsAndDescendants() throws {
        #expect(try text("$sort(**.Price)", orders) == "[5,10,30]")
        #expect(try text("*", "[1, 2, 3]") == "[1,2,3]")
    }
}

@Suite struct Undefined {
    @Test func propagatesThroughOperators() throws {
        #expect(try text("nothing + 1") == "undefined")
        #expect(try text("nothing & 'x'") == "\"x\"")
        #expect(try text("nothing = 1") == "false")
        #expect(try text("nothing < 1") == "undefined")
        #expect(try text("-nothing") == "undefined")
    }

    @Test func functionsReturnUndefined() throws {
        #expect(try text("$string(nothing)") == "undefined")
        #expect(try text("$uppercase(nothing)") == "undefined")
        #expect(try text("$sum(nothing)") == "undefined")
        #expect(try text("$count(nothing)") == "0")
        #expect(try text("$exists(nothing)") == "false")
    }

    @Test func droppedFromConstructors() throws {
        #expect(try text("[nothing, 1]") == "[1]")
        #expect(try text("{'a': nothing, 'b': 1}") == "{\"b\":1}")
        #expect(try text("$map([1, 2, 3], function($v) { $v = 2 ? nothing : $v })") == "[1,3]")
    }

    @Test func undefinedInputIsUndefined() throws {
        #expect(try text("$") == "undefined")
        #expect(try text("a.b") == "undefined")
        #expect(try text("'x'") == "\"x\"")
    }

    @Test func coalescingAndDefault() throws {
        #expect(try text("nothing ?? 5") == "5")
        #expect(try text("0 ?: 5") == "5")
        #expect(try text("$exists(a) ? 1 : 2", "{\"a\": null}") == "1")
    }
}
