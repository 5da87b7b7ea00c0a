extension SQLiteConnection {
    /// How a connection opens its file and sets itself up.
    public struct Options: Sendable, Equatable {
        /// How the file is opened.
        public enum Mode: Sendable, Equatable {
            /// Read and write; the file is created when missing. The journal is switched to WAL.
            case readWriteCreate
            /// Read only; the file must exist. Writes fail with ``SQLiteError/isReadOnly``.
            case readOnly
        }

        /// `PRAGMA synchronous`: how hard a commit waits for the disk.
        public enum Synchronous: String, Sendable, Equatable {
            /// In WAL mode a commit survives a crash of the process but may be lost (never corrupted) by a
            /// power loss or an OS crash: the log is synced at checkpoints only.
            case normal = "NORMAL"
            /// Every commit syncs the log: it survives a power loss too, at the cost of one fsync a commit.
            case full = "FULL"
        }

        /// How the file is opened; read-write with creation by default.
        public var mode: Mode
        /// `PRAGMA synchronous`; NORMAL by default.
        public var synchronous: Synchronous
        /// How long a statement waits for another connection's lock before it fails with
        /// ``SQLiteError/isBusy`` (`sqlite3_busy_timeout`); zero fails at once. 5 s by default.
        public var busyTimeout: Duration
        /// `PRAGMA foreign_keys`; on by default.
        public var foreignKeys: Bool
        /// How many statements ``SQLiteConnection/cachedStatement(_:)`` keeps before it empties its cache.
        public var statementCacheCapacity: Int

        /// Options with the defaults above, any of them replaced.
        public init(
            mode: Mode = .readWriteCreate,
            synchronous: Synchronous = .normal,
            busyTimeout: Duration = .seconds(5),
            foreignKeys: Bool = true,
            statementCacheCapacity: Int = 256
        ) {
            self.mode = mode
            self.synchronous = synchronous
            self.busyTimeout = busyTimeout
            self.foreignKeys = foreignKeys
            self.statementCacheCapacity = statementCacheCapacity
        }

        /// The busy timeout in whole milliseconds, within what `sqlite3_busy_timeout` takes.
        var busyTimeoutMilliseconds: Int32 {
            let (seconds, attoseconds) = busyTimeout.components
            let ms = Double(seconds) * 1000 + Double(attoseconds) / 1e15
            return Int32(min(max(ms, 0), Double(Int32.max)).rounded(.down))
        }
    }
}
