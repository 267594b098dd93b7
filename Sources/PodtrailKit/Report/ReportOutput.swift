import Foundation

/// Writes report files so that readers never see half a file and no link planted in the folder
/// is followed: each file is created under an unpredictable temporary name with
/// `O_CREAT | O_EXCL | O_NOFOLLOW` (as git and rsync create theirs), written, synced, then
/// renamed over its final name. `rename(2)` is atomic within one file system, and a link at the
/// final name is replaced, not written through.
public enum ReportOutput {
    /// Writes `files` into `folder` (created with its parents when missing), first removing
    /// what killed runs left there under temporary names.
    ///
    /// - Throws: `ReportError.cannotWrite` naming the path and the reason.
    public static func write(_ files: [(name: String, text: String)], to folder: String) throws {
        let output = try OutputFolder(path: folder)
        output.removeLeftovers()
        try output.write(files)
    }

    /// Points the symbolic link `link` at `target` (a path relative to the link's folder),
    /// replacing any previous link in one step: a new link is made under a temporary name and
    /// renamed over the old one.
    ///
    /// - Throws: `ReportError.cannotWrite` when `link` is a real file or folder (left as it is).
    public static func swapLink(_ link: String, to target: String) throws {
        let parent = (link as NSString).deletingLastPathComponent
        try OutputFolder(path: parent.isEmpty ? "." : parent, create: false)
            .swapLink((link as NSString).lastPathComponent, to: target)
    }

    /// Creates `folder` with its parents when missing.
    static func createFolder(_ folder: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw ReportError.cannotWrite(path: folder, reason: "cannot create the folder")
        }
    }

    /// The words for a failed system call's `errno`.
    static func reason(_ error: Int32) -> String {
        error == EACCES ? "the folder is not writable" : String(cString: strerror(error))
    }

    /// A report file being written under a temporary name in its folder, so that it can be
    /// written piece by piece: `commit()` renames it over the final name; dropped without a
    /// commit, it is removed.
    final class PendingFile {
        /// The final name in the folder.
        let name: String
        private let folder: OutputFolder
        private let temporary: String
        private var fd: Int32

        /// Creates the temporary file for `name` in `folder`: a new file (never an existing
        /// one, never through a link) under a name no one could guess.
        init(in folder: OutputFolder, name: String) throws {
            var fd: Int32 = -1
            temporary = try folder.createTemporary(for: name) {
                fd = openat(folder.descriptor, $0, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
                return fd >= 0
            }
            self.fd = fd
            self.folder = folder
            self.name = name
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
                throw ReportError.cannotWrite(path: folder.file(name), reason: failure)
            }
        }

        /// Syncs and closes the file, then renames it over the final name.
        func commit() throws {
            let synced = fsync(fd) == 0 ? 0 : errno
            let closed = close(fd) == 0 ? 0 : errno
            fd = -1
            guard synced == 0, closed == 0 else {
                unlinkat(folder.descriptor, temporary, 0)
                throw ReportError.cannotWrite(path: folder.file(name), reason: String(cString: strerror(synced != 0 ? synced : closed)))
            }
            try folder.rename(temporary, over: name)
        }

        /// Closes and removes the temporary file, unless committed.
        func discard() {
            guard fd >= 0 else { return }
            close(fd)
            fd = -1
            unlinkat(folder.descriptor, temporary, 0)
        }
    }
}
