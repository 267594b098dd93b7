import Foundation

/// The nightly job's output folder: one report folder per date and the `latest` link to the
/// newest, each replaced in one step, so that a reader of `latest/` sees one whole report, the
/// old or the new, never a mix (even when a run is killed midway).
struct NightlyOutput {
    /// The name of the link to the newest report folder.
    static let latest = "latest"

    /// The output folder.
    let folder: OutputFolder

    /// Opens the output folder at `path` (created with its parents when missing), removes what
    /// killed runs left there, and checks that `latest` can be replaced.
    ///
    /// - Throws: `ReportError.cannotWrite` when `latest` is a file or folder of the user's.
    init(path: String) throws {
        folder = try OutputFolder(path: path)
        folder.removeLeftovers()
        try folder.checkLink(Self.latest)
    }

    /// Writes the report folder `name` whole, then points `latest` at it.
    ///
    /// `write` fills a new hidden folder, which is synced and then takes the place of any
    /// folder (or link) called `name` in one step: `renameat2` with `RENAME_EXCHANGE` where the
    /// system has it, else the old one renamed aside and the new one renamed in (`name` is
    /// then missing for an instant, never mixed). The old one is removed after.
    ///
    /// - Throws: `ReportError.cannotWrite` when `name` is a file of the user's or a step fails
    ///   (the new folder is removed; `name` and `latest` stay as they were).
    func publish(_ name: String, write: (OutputFolder) throws -> Void) throws {
        if let type = folder.type(of: name), type != S_IFDIR, type != S_IFLNK {
            throw ReportError.cannotWrite(
                path: folder.file(name),
                reason: "it is \(OutputFolder.words(for: type)), not a report folder; move it away or choose another --out, then run again")
        }
        let temporary = try folder.createTemporary(for: name) { mkdirat(folder.descriptor, $0, 0o755) == 0 }
        do {
            let report = try OutputFolder(temporary, in: folder)
            try write(report)
            report.sync()
            try replace(name, with: temporary)
        } catch {
            folder.remove(temporary)
            throw error
        }
        folder.sync()
        try folder.swapLink(Self.latest, to: name)
        folder.sync()
    }

    /// Puts the folder `temporary` in the place of `name`, removing what was there.
    private func replace(_ name: String, with temporary: String) throws {
        guard folder.type(of: name) != nil else { return try folder.rename(temporary, over: name) }
        if Self.exchange(folder.descriptor, temporary, name) {
            folder.remove(temporary)
            return
        }
        let aside = try folder.createTemporary(for: name) { renameat(folder.descriptor, name, folder.descriptor, $0) == 0 }
        guard renameat(folder.descriptor, temporary, folder.descriptor, name) == 0 else {
            let reason = String(cString: strerror(errno))
            renameat(folder.descriptor, aside, folder.descriptor, name)
            throw ReportError.cannotWrite(path: folder.file(name), reason: reason)
        }
        folder.remove(aside)
    }

    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32

    /// glibc's `renameat2` (2.28 and later), looked up when first used: Swift's Glibc module
    /// does not declare it.
    private static let renameat2: RenameAt2? = dlsym(nil, "renameat2").map { unsafeBitCast($0, to: RenameAt2.self) }

    /// Swaps the entries `a` and `b` of `folder` in one step ("RENAME_EXCHANGE: Atomically
    /// exchange oldpath and newpath", rename(2)); false where the system or the file system
    /// cannot, leaving both as they were.
    private static func exchange(_ folder: Int32, _ a: String, _ b: String) -> Bool {
        let renameExchange: UInt32 = 1 << 1  // RENAME_EXCHANGE in <linux/fs.h>
        guard let renameat2 else { return false }
        return renameat2(folder, a, folder, b, renameExchange) == 0
    }
}

@available(*, unavailable)
extension NightlyOutput: Sendable {}
