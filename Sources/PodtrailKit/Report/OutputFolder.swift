import Foundation

/// A folder podtrail writes report files into, held open: every name in it is reached through
/// the folder's descriptor (`openat`, `renameat`, `unlinkat`), never through a link found
/// there, so that links planted by whoever else can write the folder redirect nothing.
final class OutputFolder {
    /// The folder's path, for messages.
    let path: String
    /// The open folder.
    let descriptor: Int32

    /// Opens the folder at `path` (a path the user gave: a link to a folder is followed),
    /// creating it with its parents when `create`.
    ///
    /// - Throws: `ReportError.cannotWrite` naming the path and the reason.
    init(path: String, create: Bool = true) throws {
        if create { try ReportOutput.createFolder(path) }
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ReportError.cannotWrite(path: path, reason: ReportOutput.reason(errno)) }
        self.descriptor = descriptor
        self.path = path
    }

    /// Opens the folder `name` inside `parent`, which must be a real folder (not a link).
    init(_ name: String, in parent: OutputFolder) throws {
        let descriptor = openat(parent.descriptor, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { throw ReportError.cannotWrite(path: parent.file(name), reason: ReportOutput.reason(errno)) }
        self.descriptor = descriptor
        path = parent.file(name)
    }

    deinit { close(descriptor) }

    /// The path of `name` in the folder, for messages.
    func file(_ name: String) -> String {
        (path as NSString).appendingPathComponent(name)
    }

    /// Writes `files`, each under a temporary name renamed over its final one.
    func write(_ files: [(name: String, text: String)]) throws {
        for file in files {
            let pending = try ReportOutput.PendingFile(in: self, name: file.name)
            try pending.write(file.text)
            try pending.commit()
        }
    }

    /// Creates an entry under a new temporary name for `name` with `create` (true on success,
    /// else `errno` tells why), trying another name while one is taken; returns the name.
    func createTemporary(for name: String, _ create: (String) -> Bool) throws -> String {
        for _ in 0..<100 {
            let temporary = TemporaryName.make(for: name)
            if create(temporary) { return temporary }
            guard errno == EEXIST else { throw ReportError.cannotWrite(path: file(name), reason: ReportOutput.reason(errno)) }
        }
        throw ReportError.cannotWrite(path: file(name), reason: "every temporary name tried was taken")
    }

    /// Renames `from` over `to`, both in this folder; `from` is removed when that fails.
    func rename(_ from: String, over to: String) throws {
        guard renameat(descriptor, from, descriptor, to) == 0 else {
            let reason = String(cString: strerror(errno))
            remove(from)
            throw ReportError.cannotWrite(path: file(to), reason: reason)
        }
    }

    /// The file type (`S_IFDIR`, `S_IFLNK`, …) of `name` itself, nil when there is none.
    func type(of name: String) -> mode_t? {
        var info = stat()
        return fstatat(descriptor, name, &info, AT_SYMLINK_NOFOLLOW) == 0 ? info.st_mode & S_IFMT : nil
    }

    /// "a file", "a folder"…: what `type` is, for messages.
    static func words(for type: mode_t) -> String {
        switch type {
        case S_IFREG: "a file"
        case S_IFDIR: "a folder"
        case S_IFLNK: "a link"
        default: "a special file"
        }
    }

    /// Points the link `name` at `target`: a new link under a temporary name, renamed over it.
    ///
    /// - Throws: `ReportError.cannotWrite` when `name` is anything but a link (left as it is).
    func swapLink(_ name: String, to target: String) throws {
        try checkLink(name)
        let temporary = try createTemporary(for: name) { symlinkat(target, descriptor, $0) == 0 }
        try rename(temporary, over: name)
    }

    /// Throws when `name` is there and is not a link: a file or folder of the user's, which
    /// a new link would replace.
    func checkLink(_ name: String) throws {
        guard let type = type(of: name), type != S_IFLNK else { return }
        throw ReportError.cannotWrite(
            path: file(name),
            reason: "it is \(Self.words(for: type)), not the link to the newest report that podtrail keeps there; "
                + "move it away or choose another --out, then run again")
    }

    /// Flushes the folder's entries to disk (after files were created or renamed in it).
    func sync() {
        fsync(descriptor)
    }

    /// Removes what runs of podtrail left under temporary names and did not finish (see
    /// `TemporaryName.isLeftover`); nothing else, and nothing through a link.
    func removeLeftovers() {
        for name in names() where TemporaryName.isLeftover(name) { remove(name) }
    }

    /// The names in the folder.
    func names() -> [String] {
        let copy = dup(descriptor)
        guard copy >= 0 else { return [] }
        guard let listing = fdopendir(copy) else {
            close(copy)
            return []
        }
        defer { closedir(listing) }
        rewinddir(listing)
        var names: [String] = []
        while let entry = readdir(listing) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Removes `name`: a file or a link (never what it points at), or a folder with what it
    /// holds, entered without following links.
    func remove(_ name: String) {
        if unlinkat(descriptor, name, 0) == 0 || errno == ENOENT { return }
        guard type(of: name) == S_IFDIR, let folder = try? OutputFolder(name, in: self) else { return }
        for inner in folder.names() { folder.remove(inner) }
        unlinkat(descriptor, name, AT_REMOVEDIR)
    }
}

@available(*, unavailable)
extension OutputFolder: Sendable {}
