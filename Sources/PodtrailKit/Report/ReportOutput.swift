import Foundation

/// Writes report files so readers never see half a file: each is written to a temporary
/// name in the same folder, then renamed over the final name (`rename(2)` is atomic within
/// one file system).
public enum ReportOutput {
    /// Writes `files` into `folder` (created with its parents when missing).
    ///
    /// - Throws: `ReportError.cannotWrite` naming the path and the reason.
    public static func write(_ files: [(name: String, text: String)], to folder: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw ReportError.cannotWrite(path: folder, reason: "cannot create the folder")
        }
        for file in files {
            let final = (folder as NSString).appendingPathComponent(file.name)
            let temporary = (folder as NSString).appendingPathComponent(".\(file.name).tmp-\(getpid())")
            guard FileManager.default.createFile(atPath: temporary, contents: Data(file.text.utf8)) else {
                throw ReportError.cannotWrite(path: final, reason: "the folder is not writable")
            }
            try rename(temporary, over: final)
        }
    }

    /// Points the symbolic link `link` at `target` (a path relative to the link's folder),
    /// replacing any previous link in one step: a new link is made under a temporary name and
    /// renamed over the old one.
    public static func swapLink(_ link: String, to target: String) throws {
        let temporary = ((link as NSString).deletingLastPathComponent as NSString)
            .appendingPathComponent(".\((link as NSString).lastPathComponent).tmp-\(getpid())")
        unlink(temporary)
        guard symlink(target, temporary) == 0 else {
            throw ReportError.cannotWrite(path: link, reason: String(cString: strerror(errno)))
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: link, isDirectory: &isDirectory), isDirectory.boolValue,
            (try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == nil
        {
            unlink(temporary)
            throw ReportError.cannotWrite(path: link, reason: "it is a real folder, not a link; move it away")
        }
        try rename(temporary, over: link)
    }

    private static func rename(_ from: String, over to: String) throws {
        guard Foundation.rename(from, to) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(from)
            throw ReportError.cannotWrite(path: to, reason: reason)
        }
    }
}
