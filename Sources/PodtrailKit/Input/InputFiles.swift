import Foundation

/// Expands input paths into the regular files to read.
enum InputFiles {
    /// A file to read; `explicit` when named on the command line rather than found in a folder.
    struct File {
        var path: String
        var explicit: Bool
    }

    /// The files under `path`: itself when it is a file; every regular file below it, sorted,
    /// when it is a folder. Symbolic links to files are followed; links to folders are not (no
    /// loops). Folders that cannot be listed are added to `failures`.
    static func expand(_ path: String, failures: inout [String]) -> [File] {
        var info = stat()
        guard stat(path, &info) == 0 else {
            failures.append((InputError.check(path) ?? .missing(path: path)).description)
            return []
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { return [File(path: path, explicit: true)] }
        var files: [File] = []
        walk(path, into: &files, failures: &failures)
        return files
    }

    private static func walk(_ folder: String, into files: inout [File], failures: inout [String]) {
        guard let directory = opendir(folder) else {
            failures.append("\(folder): cannot list the folder (\(String(cString: strerror(errno))))")
            return
        }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        closedir(directory)
        names.sort()
        for name in names {
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                walk(path, into: &files, failures: &failures)
            case S_IFREG:
                files.append(File(path: path, explicit: false))
            case S_IFLNK:
                var target = stat()
                if stat(path, &target) == 0, target.st_mode & S_IFMT == S_IFREG {
                    files.append(File(path: path, explicit: false))
                }
            default:
                break
            }
        }
    }
}
