internal import CSQLite
import Foundation

extension SQLiteConnection {
    /// Copies the whole database into a new file at `path` with SQLite's online backup API
    /// (`sqlite3_backup_*`), `pagesPerStep` pages at a time, while other connections go on reading and
    /// writing: a writer's commit between steps restarts the copy from where it stands, so the copy is
    /// one consistent snapshot. A busy or locked source waits `retryDelay` and tries again. The new file is
    /// created with mode 0600. Throws when `path` exists.
    public func backup(to path: String, pagesPerStep: Int32 = 1024, retryDelay: Duration = .milliseconds(10))
        throws(SQLiteError)
    {
        let source = try handle.open(sql: "backup")
        if FileManager.default.fileExists(atPath: path) {
            throw SQLiteError.misuse("the backup file '\(path)' already exists", sql: nil)
        }
        let fd = Glibc.open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        if fd >= 0 { Glibc.close(fd) }
        var target: OpaquePointer?
        let opened = sqlite3_open_v2(path, &target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil)
        guard let target, opened == SQLITE_OK else {
            if let target { sqlite3_close_v2(target) }
            throw SQLiteError.misuse("cannot create the backup file '\(path)' (SQLite code \(opened))", sql: nil)
        }
        defer { sqlite3_close_v2(target) }
        guard let backup = sqlite3_backup_init(target, "main", source, "main") else {
            throw sqliteError(sqlite3_errcode(target), target, sql: nil)
        }
        while true {
            let rc = sqlite3_backup_step(backup, pagesPerStep)
            if rc == SQLITE_DONE { break }
            if rc == SQLITE_OK { continue }
            if rc == SQLITE_BUSY || rc == SQLITE_LOCKED {
                let (s, atto) = retryDelay.components
                usleep(UInt32(s * 1_000_000 + atto / 1_000_000_000_000))
                continue
            }
            sqlite3_backup_finish(backup)
            throw sqliteError(rc, target, sql: nil)
        }
        _ = try sqliteCheck(sqlite3_backup_finish(backup), target)
    }
}
