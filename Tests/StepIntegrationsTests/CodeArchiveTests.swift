import Foundation
import Testing

@testable import StepIntegrations

/// Uploaded zips unpack inside the function's folder only, and a zip bomb stops at Lambda's size limit.
@Suite struct CodeArchiveTests {
    /// A zip made by Python's zipfile from a little script (which can write any entry name or mode).
    func zip(_ body: String) throws -> [UInt8] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("z-\(UUID().uuidString).zip").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [
            "python3", "-c", "import zipfile, sys\nz = zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED)\n" + body + "\nz.close()",
            path,
        ]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    func folder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("code-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func anOrdinaryZipUnpacks() throws {
        let dir = try folder()
        try CodeArchive.unpack(try zip("z.writestr('lambda_function.py', 'x = 1')\nz.writestr('pkg/mod.py', 'y = 2')"), into: dir)
        #expect(try String(contentsOfFile: dir + "/pkg/mod.py", encoding: .utf8) == "y = 2")
    }

    @Test func anEntryClimbingOutIsRefused() throws {
        let dir = try folder()
        let escape = dir + "/../escaped-\(UUID().uuidString).py"
        #expect(throws: CodeArchive.Refusal.self) {
            try CodeArchive.unpack(try zip("z.writestr('../\(URL(fileURLWithPath: escape).lastPathComponent)', 'evil')"), into: dir)
        }
        #expect(!FileManager.default.fileExists(atPath: escape))
        #expect(throws: CodeArchive.Refusal.self) { try CodeArchive.unpack(try zip("z.writestr('/etc/evil.py', 'x')"), into: dir) }
    }

    @Test func aSymbolicLinkIsRefused() throws {
        let dir = try folder()
        let body = """
            info = zipfile.ZipInfo('link')
            info.external_attr = (0o120777 << 16)
            z.writestr(info, '/etc/passwd')
            """
        #expect(throws: CodeArchive.Refusal.self) { try CodeArchive.unpack(try zip(body), into: dir) }
        #expect(!FileManager.default.fileExists(atPath: dir + "/link"))
    }

    @Test func aZipBombStopsAtTheLimit() throws {
        let dir = try folder()
        // 24 MB of zeros compress to about 24 KB; the limit is lowered to 8 MB so the test stays light (the
        // service's is Lambda's 250 MB), and the archive's own size claims play no part.
        let bomb = try zip("z.writestr('big.bin', b'\\0' * (24 * 1024 * 1024))")
        #expect(bomb.count < 200_000)
        #expect {
            try CodeArchive.unpack(bomb, into: dir, limit: 8 * 1024 * 1024)
        } throws: { error in
            (error as? CodeArchive.Refusal)?.description.contains("larger than") == true
        }
    }

    @Test func notAZipIsRefused() throws {
        #expect(throws: CodeArchive.Refusal.self) { try CodeArchive.unpack(Array("not a zip".utf8), into: try folder()) }
    }
}
