/// One numbered step of a schema: an SQL script that moves a database from the version before it to
/// `version`.
public struct SQLiteMigration: Sendable, Equatable {
    /// The schema version after this step (`PRAGMA user_version`); positive, increasing along the list.
    public let version: Int
    /// The script: any statements `SQLiteConnection.execute(_:)` takes, except ones that cannot run inside
    /// a transaction (VACUUM, changing the journal mode).
    public let sql: String

    /// A migration to `version`.
    public init(version: Int, sql: String) {
        self.version = version
        self.sql = sql
    }
}
