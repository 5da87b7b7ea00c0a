/// Transactions: one function runs a closure between BEGIN and COMMIT, and rolls back when it throws.
extension SQLiteConnection {
    /// Runs `body` in a transaction and commits it; when `body` (or the commit) throws, rolls back and
    /// rethrows.
    ///
    /// Called inside another transaction it runs as a savepoint instead: a throw undoes only the inner
    /// part, and the outer transaction decides what is committed. `kind` then does not apply.
    public func transaction<T>(_ kind: SQLiteTransactionKind = .immediate, _ body: () throws -> T) throws -> T {
        if isInTransaction { return try savepoint(body) }
        try transactionStatement(kind.rawValue).run()
        let result: T
        do {
            result = try body()
            try transactionStatement("COMMIT").run()
        } catch {
            rollbackQuietly()
            throw error
        }
        return result
    }

    private func savepoint<T>(_ body: () throws -> T) throws -> T {
        savepointDepth += 1
        defer { savepointDepth -= 1 }
        let name = "stepline_sp\(savepointDepth)"
        try transactionStatement("SAVEPOINT \(name)").run()
        let result: T
        do {
            result = try body()
        } catch {
            // Undo the inner part; the savepoint itself is then released. If SQLite already rolled the whole
            // transaction back (on some I/O or full-disk errors) there is nothing left to undo.
            if isInTransaction {
                try? transactionStatement("ROLLBACK TO \(name)").run()
                try? transactionStatement("RELEASE \(name)").run()
            }
            throw error
        }
        try transactionStatement("RELEASE \(name)").run()
        return result
    }

    /// Rolls back if a transaction is still open; SQLite rolls back by itself on some errors, and a failing
    /// ROLLBACK must not hide the error that caused it.
    private func rollbackQuietly() {
        guard isInTransaction else { return }
        try? transactionStatement("ROLLBACK").run()
    }

    /// BEGIN, COMMIT, ROLLBACK and savepoints, prepared once and kept apart from the statement cache.
    private func transactionStatement(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        if let statement = transactionStatements[sql] { return statement }
        let statement = try prepare(sql)
        transactionStatements[sql] = statement
        return statement
    }
}
