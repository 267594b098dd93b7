import Foundation
import Testing

@testable import PodtrailKit

/// Helpers shared by the tests: gzip of bytes, temporary folders, framing to a list.
enum TestSupport {
    /// The package's root folder (the one holding Package.swift), found from this file's path
    /// so that a test's own folder does not matter.
    static let packageRoot: URL = {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path), folder.path != "/" {
            folder.deleteLastPathComponent()
        }
        return folder
    }()

    /// Gzip-compresses `data` with the system `gzip` (an implementation independent of ours).
    static func gzip(_ data: [UInt8]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-c", "-n"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let writer = Thread {
            input.fileHandleForWriting.write(Data(data))
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let result = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Array(result)
    }

    /// A new empty temporary folder.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("podtrail-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Frames `bytes`, feeding them in chunks of `chunk` bytes, and returns records (as text)
    /// and rejects (as reasons).
    static func frame(_ text: String, chunk: Int = 1 << 20, maxRecordBytes: Int = 1 << 20) throws -> (records: [String], rejects: [String]) {
        var framer = RecordFramer(maxRecordBytes: maxRecordBytes)
        var records: [String] = []
        var rejects: [String] = []
        let bytes = Array(text.utf8)
        let handler: (FrameEvent) throws -> Void = { event in
            switch event {
            case .record(let bytes, _, _): records.append(String(decoding: bytes, as: UTF8.self))
            case .reject(_, _, let reason, _): rejects.append(reason)
            }
        }
        var start = 0
        while start < bytes.count {
            let end = min(start + chunk, bytes.count)
            try bytes[start..<end].withUnsafeBytes { try framer.feed($0, handler) }
            start = end
        }
        try framer.finish(handler)
        return (records, rejects)
    }

    /// Ingests `text` into a fresh in-memory database.
    static func ingest(_ text: String, name: String = "fixture.ndjson", options: IngestOptions = IngestOptions()) throws -> (Database, IngestSummary) {
        let db = try Database(path: ":memory:")
        let summary = try Ingestor(database: db, options: options).ingest(bytes: Array(text.utf8), name: name)
        return (db, summary)
    }

    /// The rows of `sql` rendered as strings joined by `|` (NULL as empty).
    static func rows(_ db: Database, _ sql: String) throws -> [String] {
        try db.connection.rows(sql).map { $0.map(\.description).joined(separator: "|") }
    }
}
