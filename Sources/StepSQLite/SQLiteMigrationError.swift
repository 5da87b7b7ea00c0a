/// Why ``SQLiteMigrator`` refused to migrate. SQLite's own failures come as ``SQLiteError``.
public enum SQLiteMigrationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The database was written by newer code: its `user_version` is past the last migration known here.
    case databaseNewerThanCode(databaseVersion: Int, codeVersion: Int)
    /// The migration list is wrong: versions must be positive and strictly increasing.
    case invalidMigrations(String)

    public var description: String {
        switch self {
        case .databaseNewerThanCode(let database, let code):
            "the database's schema version \(database) is newer than this program's \(code): "
                + "it was written by a newer version; upgrade the program (or use a copy of an older database)"
        case .invalidMigrations(let why):
            "invalid migration list: \(why)"
        }
    }
}
