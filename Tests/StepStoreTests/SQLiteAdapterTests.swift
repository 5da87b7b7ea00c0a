import Foundation
import StepLanguage
import StepService
import StepStore
import StepTesting
import Testing

/// What only the SQLite adapter has: a file on disk that may be damaged or read-only.
@Suite struct SQLiteAdapterTests {
    @Test func aGarbageFileIsACorruptDatabaseNotACrash() throws {
        let db = TemporaryDatabase()
        _ = FileManager.default.createFile(atPath: db.path, contents: Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 * 7) }))
        #expect {
            _ = try SQLiteExecutionStore(path: db.path)
        } throws: { ($0 as? StoreError)?.code == .corrupt }
    }

    @Test func aReadOnlyDatabaseRefusesWritesClearly() throws {
        let db = TemporaryDatabase()
        _ = try db.open()
        let ro = try SQLiteExecutionStore(path: db.path, readOnly: true)
        #expect {
            _ = try ro.upsertStateMachine(name: "x", definition: passDefinition, type: .standard, loggingLevel: "OFF", now: at(0))
        } throws: { ($0 as? StoreError)?.code == .readOnly }
    }
}
