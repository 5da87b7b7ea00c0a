/// A scope of variable bindings; lookups walk out to the enclosing frames.
///
/// The first two bindings live inline (most frames are lambda calls with one or two parameters);
/// further ones spill into arrays.
final class Frame {
    // A frame belongs to one evaluation on one thread and its storage is never accessed
    // re-entrantly, so dynamic exclusivity checks are skipped on these hot fields.
    @exclusivity(unchecked) private var name0: String?
    @exclusivity(unchecked) private var value0: Value = .undefined
    @exclusivity(unchecked) private var name1: String?
    @exclusivity(unchecked) private var value1: Value = .undefined
    @exclusivity(unchecked) private var names: [String] = []
    @exclusivity(unchecked) private var values: [Value] = []
    let parent: Frame?

    init(parent: Frame?) { self.parent = parent }

    func bind(_ name: String, _ value: Value) {
        if let n0 = name0 {
            if n0 == name {
                value0 = value
                return
            }
        } else {
            name0 = name
            value0 = value
            return
        }
        if let n1 = name1 {
            if n1 == name {
                value1 = value
                return
            }
        } else {
            name1 = name
            value1 = value
            return
        }
        for i in names.indices where names[i] == name {
            values[i] = value
            return
        }
        names.append(name)
        values.append(value)
    }

    /// The value bound in this frame alone, or nil.
    @inline(__always) func local(_ name: String) -> Value? {
        guard let n0 = name0 else { return nil }
        if n0 == name { return value0 }
        guard let n1 = name1 else { return nil }
        if n1 == name { return value1 }
        for i in names.indices where names[i] == name { return values[i] }
        return nil
    }

    /// The bound value, or nil when no frame binds `name`.
    @inline(__always) func lookup(_ name: String) -> Value? {
        var f: Frame? = self
        while let frame = f {
            if let v = frame.local(name) { return v }
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
