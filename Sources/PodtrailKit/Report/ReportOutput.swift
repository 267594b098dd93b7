import Foundation

/// Writes report files so readers never see half a file: each is written to a temporary
/// name in the same folder, then renamed over the final name (`rename(2)` is atomic within
/// one file system).
public enum ReportOutput {
    /// Writes `files` into `folder` (created with its parents when missing).
    ///
    /// - Throws: `ReportError.cannotWrite` naming the path and the reason.
    public static func write(_ files: [(name: String, text: String)], to folder: String) throws {
        try createFolder(folder)
        for file in files {
            let pending = try PendingFile(folder: folder, name: file.name)
            try pending.write(file.text)
            try pending.commit()
        }
    }

    /// Creates `folder` with its parents when missing.
    static func createFolder(_ folder: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw ReportError.cannotWrite(path: folder, reason: "cannot create the folder")
        }
    }

    /// A report file being written under a temporary name in its folder, so that it can be
    /// written piece by piece: `commit()` renames it over the final name; dropped without a
    /// commit, it is removed.
    final class PendingFile {
        /// The final path.
        let path: String
        private let temporary: String
        private var fd: Int32

        /// Creates the temporary file for `name` in `folder` (which must exist).
        init(folder: String, name: String) throws {
            path = (folder as NSString).appendingPathComponent(name)
            temporary = (folder as NSString).appendingPathComponent(".\(name).tmp-\(getpid())")
            fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                throw ReportError.cannotWrite(path: path, reason: errno == EACCES ? "the folder is not writable" : String(cString: strerror(errno)))
            }
        }

        deinit { discard() }

        /// Appends `text` as UTF-8, straight from the string's storage (no copy of it).
        func write(_ text: String) throws {
            var text = text
            let failure: String? = text.withUTF8 { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                    if written < 0 && errno == EINTR { continue }
                    guard written > 0 else { return String(cString: strerror(errno)) }
                    offset += written
                }
                return nil
            }
            if let failure {
                discard()
                throw ReportError.cannotWrite(path: path, reason: failure)
            }
        }

        /// Closes the file and renames it over the final name.
        func commit() throws {
            let closed = close(fd)
            fd = -1
            guard closed == 0 else {
                let reason = String(cString: strerror(errno))
                unlink(temporary)
                throw ReportError.cannotWrite(path: path, reason: reason)
            }
            try rename(temporary, over: path)
        }

        /// Closes and removes the temporary file, unless committed.
        func discard() {
            guard fd >= 0 else { return }
            close(fd)
            fd = -1
            unlink(temporary)
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
