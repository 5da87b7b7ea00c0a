/// Brings a database's schema up to date from a list of numbered migrations, tracked in
/// `PRAGMA user_version`.
///
/// Each migration still missing runs in its own `BEGIN IMMEDIATE` transaction together with the update of
/// `user_version`, so a crash leaves the database at some version in the list, never between two. A
/// database whose version is past the last migration is refused (``SQLiteMigrationError``).
public struct SQLiteMigrator: Sendable {
    /// The migrations, in the order they apply.
    public let migrations: [SQLiteMigration]

    /// A migrator for these migrations; the versions are checked when ``migrate(_:)`` runs.
    public init(_ migrations: [SQLiteMigration]) {
        self.migrations = migrations
    }

    /// The version of the last migration: what an up-to-date database has.
    public var latestVersion: Int { migrations.last?.version ?? 0 }

    /// The schema version of a database (`PRAGMA user_version`; 0 for a new one).
    public static func version(of connection: SQLiteConnection) throws(SQLiteError) -> Int {
        try connection.cachedStatement("PRAGMA user_version").scalar()?.intValue ?? 0
    }

    /// Applies, in order, each migration whose version is above the database's, and returns the versions
    /// it applied (none when the database was up to date).
    ///
    /// Throws ``SQLiteMigrationError/databaseNewerThanCode(databaseVersion:codeVersion:)`` before changing
    /// anything when the database is past ``latestVersion``; throws ``SQLiteError`` when a script fails,
    /// with that migration rolled back and the earlier ones kept.
    @discardableResult
    public func migrate(_ connection: SQLiteConnection) throws -> [Int] {
        try validate()
        var applied: [Int] = []
        let latest = latestVersion
        // Read the version under the write lock: another process may be migrating the same file.
        try connection.transaction(.immediate) {
            let current = try Self.version(of: connection)
            if current > latest {
                throw SQLiteMigrationError.databaseNewerThanCode(databaseVersion: current, codeVersion: latest)
            }
        }
        for migration in migrations {
            try connection.transaction(.immediate) {
                let current = try Self.version(of: connection)
                if current > latest {
                    throw SQLiteMigrationError.databaseNewerThanCode(databaseVersion: current, codeVersion: latest)
                }
                guard current < migration.version else { return }
                try connection.execute(migration.sql)
                try connection.execute("PRAGMA user_version = \(migration.version)")
                applied.append(migration.version)
            }
        }
        return applied
    }

    private func validate() throws(SQLiteMigrationError) {
        var previous = 0
        for migration in migrations {
            guard migration.version > previous else {
                throw .invalidMigrations(
                    "version \(migration.version) follows \(previous); versions must be positive and increasing")
            }
            previous = migration.version
        }
    }
}
