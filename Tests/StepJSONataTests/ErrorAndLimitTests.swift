import Foundation
import StepJSON
import StepJSONata
import Synchronization
import Testing

@Suite struct Errors {
    @Test func parserCodes() {
        #expect(code("1 +") == "S0207")
        #expect(code("(1") == "S0203")
        #expect(code("[1, 2") == "S0203")
        #expect(code("1 1") == "S0201")
        #expect(code("\"abc") == "S0101")
        #expect(code("$f := 1; a := 2") == "S0201")
        #expect(code("'\\q'") == "S0103")
        #expect(code("function(a){1}") == "S0208")
        #expect(code("a.1") == "S0213")
        #expect(code("%.a") == "S0217")
    }

    @Test func typeCodes() {
        #expect(code("'a' + 1") == "T2001")
        #expect(code("1 + 'a'") == "T2002")
        #expect(code("1 < 'a'") == "T2009")
        #expect(code("{} < 1") == "T2010")
        #expect(code("$substring('a', 'b')") == "T0410")
        #expect(code("$substring(1)") == nil)
        #expect(code("$sum(['a'])") == "T0412")
        #expect(code("foo()", "{}") == "T1006")
        #expect(code("sum([1])") == "T1005")
        #expect(code("{1: 2}") == "T1003")
        #expect(code("[1..'a']") == "T2004")
    }

    @Test func raisedErrorsKeepTheirMessage() throws {
        do {
            _ = try run("$error('boom')")
            Issue.record("no error")
        } catch let e as JSONataError {
            #expect(e.code == "D3137")
            #expect(e.message == "boom")
        }
        #expect(code("$assert(false)") == "D3141")
        #expect(code("$single([1, 2])") == "D3138")
    }

    @Test func catalogMessagesAreFilled() throws {
        do {
            _ = try run("1 + 'a'")
            Issue.record("no error")
        } catch let e as JSONataError {
            #expect(e.message == "The right side of the \"+\" operator must evaluate to a number")
            #expect(e.position == 3)
        }
    }
}

@Suite struct Limits {
    @Test func depthLimitStopsRecursion() {
        var env = JSONataEnvironment()
        env.maxDepth = 302
        #expect(code("($f := function($n){$n = 0 ? 1 : $n * $f($n - 1)}; $f(100))", nil, env) == "U1001")
        #expect((try? run("($f := function($n){$n = 0 ? 1 : $n * $f($n - 1)}; $f(99))", nil, env)) != nil)
    }

    @Test func tailCallsRunInConstantDepth() throws {
        var env = JSONataEnvironment()
        env.maxDepth = 500
        #expect(
            try text("($f := function($n, $a){$n = 0 ? $a : $f($n - 1, $a + 1)}; $f(20000, 0))", nil, env)
                == "20000")
    }

    @Test func timeLimitStopsLoops() {
        var env = JSONataEnvironment()
        env.timeLimitMilliseconds = 100
        #expect(code("($f := function(){ $f() }; $f())", nil, env) == "U1001")
    }

    @Test func deepRecursionWithoutLimitsFailsCleanly() {
        // No limits configured: the native-stack guard must stop this before the thread's stack ends.
        let c = code("($f := function($n){$n = 0 ? 0 : 1 + $f($n - 1)}; $f(10000000))")
        #expect(c == "U1001")
    }
}

@Suite struct Environment {
    @Test func bindingsAndNativeFunctions() throws {
        var env = JSONataEnvironment(bindings: ["x": 41])
        env.functions["inc"] = JSONataNativeFunction(signature: "<n:n>") { args in
            guard case .int(let i) = args.first ?? nil else { return nil }
            return .int(i + 1)
        }
        #expect(try text("$inc($x)", nil, env) == "42")
        #expect(code("$inc('a')", nil, env) == "T0410")
    }

    @Test func clockAndRandomAreDeterministicWhenGiven() throws {
        let env = JSONataEnvironment(nowMillis: 1_521_801_216_617, randomSeed: 7)
        #expect(try text("$now()", nil, env) == "\"2018-03-23T10:33:36.617Z\"")
        #expect(try text("$millis()", nil, env) == "1521801216617")
        #expect(try text("[$random(), $random()]", nil, env) == (try text("[$random(), $random()]", nil, env)))
        #expect(try text("$shuffle([1, 2, 3, 4, 5])", nil, env) == (try text("$shuffle([1, 2, 3, 4, 5])", nil, env)))
    }

    @Test func dateTimePictures() throws {
        #expect(try text("$fromMillis(0)") == "\"1970-01-01T00:00:00.000Z\"")
        #expect(try text("$fromMillis(1521801216617, '[FNn], [D1o] [MNn] [Y]')") == "\"Friday, 23rd March 2018\"")
        #expect(try text("$fromMillis(1521801216617, '[H01]:[m01] [z]', '-0500')") == "\"05:33 GMT-05:00\"")
        #expect(try text("$toMillis('2018-03-23T10:33:36.617Z')") == "1521801216617")
        #expect(try text("$toMillis('23/03/2018', '[D]/[M]/[Y]')") == "1521763200000")
        #expect(code("$toMillis('yesterday')") == "D3110")
    }

    @Test func evalUsesTheCallerScope() throws {
        #expect(try text("($x := 3; $eval('$x + 1'))") == "4")
        #expect(try text("$eval('a', {'a': 5})") == "5")
        #expect(code("$eval('1 +')") == "D3120")
    }

    @Test func compiledExpressionIsReusableAcrossThreads() async throws {
        let e = try JSONataExpression("$sum(a)")
        try await withThrowingTaskGroup(of: JSON?.self) { group in
            for i in 0..<8 {
                group.addTask { try e.evaluate(input: ["a": [.int(i), 1]]) }
            }
            var total = 0
            for try await r in group { total += r?.intValue ?? 0 }
            #expect(total == 36)
        }
    }
}

@Suite struct Transforms {
    @Test func updateAndDelete() throws {
        #expect(try text("$ ~> |a|{'c': 3}, ['b']|", "{\"a\": {\"b\": 1}, \"x\": 1}") == "{\"a\":{\"c\":3},\"x\":1}")
        #expect(try text("$ ~> |$|{}, 'x'|", "{\"x\": 1, \"y\": 2}") == "{\"y\":2}")
        #expect(code("$ ~> |$|5|", "{}") == "T2011")
    }

    @Test func lambdasClosuresAndPartials() throws {
        #expect(try text("($add := function($a, $b) { $a + $b }; $inc := $add(?, 1); $inc(41))") == "42")
        #expect(try text("($mk := function($n) { function($x) { $x * $n } }; $mk(3)(4))") == "12")
        #expect(try text("($f := $uppercase ~> $substring(?, 0, 2); $f('hello'))") == "\"HE\"")
        #expect(try text("λ($x)<n:n>{ $x * 2 }(4)") == "8")
        #expect(code("λ($x)<n:n>{ $x * 2 }('a')") == "T0410")
    }
}

@Suite struct StepBudget {
    func budget(_ steps: Int) -> JSONataEnvironment {
        var env = JSONataEnvironment()
        env.stepLimit = steps
        return env
    }

    /// The message and the point at which the budget stops an expression.
    func stop(_ expr: String, _ steps: Int) -> String? {
        do {
            _ = try run(expr, nil, budget(steps))
            return nil
        } catch let e as JSONataError {
            return "\(e.code): \(e.message)"
        } catch {
            return "not a JSONataError"
        }
    }

    @Test func aLoopThatWouldRunLongStopsWithU1001() {
        #expect(
            stop("$count($map([1..50000], function($x) { $x * 2 }))", 100_000)
                == "U1001: Expression evaluation exceeded its budget of 100000 steps: Check for infinite loop")
    }

    @Test func workWithinTheBudgetIsUntouched() throws {
        #expect(try text("$count($map([1..10000], function($x) { $x * 2 }))", nil, budget(100_000)) == "10000")
    }

    @Test func growingAStringIsCountedSoMemoryStaysBounded() {
        // Few nodes, but each round doubles the string: the budget counts its bytes and stops it long
        // before it reaches gigabytes.
        let doubling = "$reduce([1..40], function($acc, $i) { $acc & $acc }, 'abcdefghijklmnop')"
        #expect(stop(doubling, 100_000)?.hasPrefix("U1001: Expression evaluation exceeded its budget") == true)
        // Counted before the string or the array is made: refused at once, nothing allocated.
        #expect(stop("$pad('', 200000000)", 100_000)?.hasPrefix("U1001") == true)
        #expect(stop("$count([1..9000000])", 100_000)?.hasPrefix("U1001") == true)
    }

    @Test func theSameExpressionStopsTheSameWayUnderLoad() {
        let expr = "$reduce([1..30000], function($a, $x) { $a + $x % 7 }, 0)"
        let idle = stop(expr, 100_000)
        // Busy threads beside the evaluation (threads, not tasks, so as not to take the test's own pool;
        // two, briefly, so as not to slow the tests beside it): a time limit would give another answer
        // under load, the budget must not.
        let spinning = Atomic<Int>(0)
        for _ in 0..<2 {
            Thread.detachNewThread {
                spinning.add(1, ordering: .relaxed)
                var x = 0
                while spinning.load(ordering: .relaxed) > 0 { x &+= 1 }
            }
        }
        while spinning.load(ordering: .relaxed) < 2 { usleep(1000) }
        let loaded = stop(expr, 100_000)
        spinning.store(-100, ordering: .relaxed)
        #expect(idle?.hasPrefix("U1001: Expression evaluation exceeded its budget of 100000 steps") == true)
        #expect(idle == loaded)
    }
}
