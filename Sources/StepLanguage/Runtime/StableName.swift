/// Names derived from text, for things that must get the same name when made again (a child execution
/// started anew after a restart, an execution named after a message): the same text, the same name.
public enum StableName {
    /// FNV-1a, 64 bits.
    public static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }

    /// A UUID-shaped name determined by `text`.
    public static func uuid(_ text: String) -> String {
        var g = SplitMix64(seed: hash(text.utf8))
        return g.uuid()
    }
}
