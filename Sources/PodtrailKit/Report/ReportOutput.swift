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
            if let reason = create(temporary, file.text) {
                unlink(temporary)
                throw ReportError.cannotWrite(path: final, reason: reason)
            }
            try rename(temporary, over: final)
        }
    }

    /// Writes `text` as UTF-8 into a new file at `path`, straight from the string's storage (a
    /// week's status_durations.csv is 174 MB: no copy of it); the system's reason on failure.
    private static func create(_ path: String, _ text: String) -> String? {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return errno == EACCES ? "the folder is not writable" : String(cString: strerror(errno)) }
        var text = text
        var failure: String? = text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return String(cString: strerror(errno)) }
                offset += written
            }
            return nil
        }
        if close(fd) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        return failure
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
