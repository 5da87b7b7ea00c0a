/// A scope of variable bindings; lookups walk out to the enclosing frames.
final class Frame {
    var names: [String] = []
    var values: [Value] = []
    let parent: Frame?

    init(parent: Frame?) { self.parent = parent }

    @inline(__always) func bind(_ name: String, _ value: Value) {
        for i in names.indices where names[i] == name {
            values[i] = value
            return
        }
        names.append(name)
        values.append(value)
    }

    /// The bound value, or nil when no frame binds `name`.
    @inline(__always) func lookup(_ name: String) -> Value? {
        var f: Frame? = self
        while let frame = f {
            let names = frame.names
            for i in names.indices where names[i] == name { return frame.values[i] }
            f = frame.parent
        }
        return nil
    }
}

/// A function value: a lambda closure, a built-in, a host function, a partial application,
/// a compiled regular expression, a transform, or a `~>` composition.
final class FunctionValue {
    enum Kind {
        case lambda(Lambda)
        case builtin(Builtin)
        case native(String, JSONataNativeFunction, Signature?)
        case partialNative(FunctionValue, [Value], [Bool])
        case regex(RegexProgram)
        case regexNext(RegexProgram, [UInt16], Int, Int)
        case transform(Node, Frame)
        case chain(FunctionValue, FunctionValue)
    }

    let kind: Kind

    init(_ kind: Kind) { self.kind = kind }

    /// The number of arguments the function declares (the reference's `getFunctionArity`).
    var arity: Int {
        switch kind {
        case .lambda(let l): return l.params.count
        case .builtin(let b): return b.arity
        case .native(_, _, let sig): return sig?.params.count ?? 1
        case .partialNative(_, _, let holes): return holes.filter { $0 }.count
        case .regex: return 2
        case .regexNext: return 0
        case .transform: return 1
        case .chain: return 1
        }
    }

    var signature: Signature? {
        switch kind {
        case .lambda(let l): return l.signature
        case .builtin(let b): return b.signature
        case .native(_, _, let s): return s
        case .transform: return Builtin.transformSignature
        default: return nil
        }
    }
}

/// A lambda closure: parameters, body, the frame and context it was created in.
struct Lambda {
    var params: [String]
    var body: Node
    var env: Frame
    var input: Value
    var signature: Signature?
    var thunk: Bool
}
