import Foundation

/// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), which Swift's Glibc module does not import:
/// looked up once by name; it answers false where glibc lacks it. For the processes `ChildProcess` starts.
enum SpawnFileActions {
    typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    // RTLD_DEFAULT is the null handle on glibc: search every loaded object.
    static let closeFromFunction: CloseFrom? = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np").map {
        unsafeBitCast($0, to: CloseFrom.self)
    }

    /// The child runs in a process group of its own (so a kill reaches what it started), with SIGPIPE back to
    /// its default (this process ignores it) and no signal blocked.
    static func ownProcessGroup(_ attributes: UnsafeMutablePointer<posix_spawnattr_t>) {
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(attributes, &mask)
        posix_spawnattr_setpgroup(attributes, 0)
        posix_spawnattr_setflags(
            attributes, Int16(Int32(POSIX_SPAWN_SETSIGDEF) | Int32(POSIX_SPAWN_SETSIGMASK) | Int32(POSIX_SPAWN_SETPGROUP)))
    }

    /// The child closes every descriptor from `from` on.
    static func closeFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ from: Int32) -> Bool {
        closeFromFunction.map { $0(actions, from) == 0 } ?? false
    }
}
