/// The intrinsic functions of the Amazon States Language, named as they are written (`States.Format`).
public enum IntrinsicFunction: String, Sendable, CaseIterable {
    case format = "States.Format"
    case stringToJson = "States.StringToJson"
    case jsonToString = "States.JsonToString"
    case array = "States.Array"
    case arrayPartition = "States.ArrayPartition"
    case arrayContains = "States.ArrayContains"
    case arrayRange = "States.ArrayRange"
    case arrayGetItem = "States.ArrayGetItem"
    case arrayLength = "States.ArrayLength"
    case arrayUnique = "States.ArrayUnique"
    case base64Encode = "States.Base64Encode"
    case base64Decode = "States.Base64Decode"
    case hash = "States.Hash"
    case jsonMerge = "States.JsonMerge"
    case mathRandom = "States.MathRandom"
    case mathAdd = "States.MathAdd"
    case stringSplit = "States.StringSplit"
    case uuid = "States.UUID"

    /// The function whose name (`States.Name`, without arguments) is `name`.
    public init?(name: some StringProtocol) {
        self.init(rawValue: String(name))
    }

    /// How many arguments the function accepts. AWS accepts a definition with any count and fails
    /// the call at run time with `Invalid arguments in States.Name`, so this is checked when evaluating.
    var arity: ClosedRange<Int> {
        switch self {
        case .format: return 1...Int.max
        case .array: return 0...Int.max
        case .uuid: return 0...0
        case .stringToJson, .jsonToString, .arrayLength, .arrayUnique, .base64Encode, .base64Decode:
            return 1...1
        case .arrayPartition, .arrayContains, .arrayGetItem, .hash, .mathAdd, .stringSplit:
            return 2...2
        case .mathRandom: return 2...3
        case .arrayRange, .jsonMerge: return 3...3
        }
    }

    /// The cause detail AWS gives for arguments the function cannot use.
    var invalidArguments: String { "Invalid arguments in \(rawValue)" }
}
