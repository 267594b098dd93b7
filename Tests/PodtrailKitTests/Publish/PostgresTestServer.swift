import Foundation
import Testing

@testable import PodtrailKit

/// A throwaway PostgreSQL server for the publish tests: `initdb` and `pg_ctl` in a temporary
/// folder, listening on loopback only, with password (SCRAM) authentication.
///
/// `PODTRAIL_TEST_POSTGRES_URL` names a running server to use instead (it must let its user
/// create databases); otherwise the tests start their own, as `nobody` when run as root
/// (PostgreSQL refuses to run as root). No server and no `initdb` is a failure, never a skip.
/// A watchdog stops the server and removes its folder when the test process ends.
struct PostgresTestServer: Sendable {
    /// The superuser's URL, with its password, to the `postgres` database.
    let url: String
    /// The password in `url`.
    let password: String
    /// The data folder, nil for a server named by the environment.
    let dataFolder: URL?
    /// The folder holding `pg_ctl`, nil for a server named by the environment.
    let binaries: URL?

    /// The server most tests share, started once.
    static let shared: Result<PostgresTestServer, Error> = {
        if let url = ProcessInfo.processInfo.environment["PODTRAIL_TEST_POSTGRES_URL"], !url.isEmpty {
            let password = url.split(separator: "@").first.flatMap { $0.split(separator: ":").dropFirst(2).first }.map(String.init) ?? ""
            return .success(PostgresTestServer(url: url, password: password, dataFolder: nil, binaries: nil))
        }
        return Result { try start() }
    }()

    /// A server with TLS on and what a client needs to check its certificate.
    struct TLS: Sendable {
        /// The server: `ssl = on` with `certificate`, password logins with or without TLS.
        let server: PostgresTestServer
        /// The server's self-signed certificate (CN 127.0.0.1, SAN IP:127.0.0.1 and
        /// DNS:localhost): the root a client with `sslmode=verify-full` must trust.
        let certificate: String
        /// Another self-signed certificate for the same names, which did not sign the server's.
        let otherCertificate: String
    }

    /// The TLS server, started once by the tests that need it: always one of ours (with
    /// certificates made here by `openssl`), even when the environment names a server.
    static let tls: Result<TLS, Error> = Result { try startTLS() }

    /// The TLS server, or a test failure saying why there is none.
    static func requireTLS() throws -> TLS {
        switch tls {
        case .success(let server): return server
        case .failure(let error):
            Issue.record("no PostgreSQL server with TLS for the publish tests: \(error)")
            throw error
        }
    }

    /// Starts a server whose `ssl = on`, with a self-signed certificate `openssl` makes in its
    /// folder (the key readable by the server's user only, as PostgreSQL requires).
    static func startTLS() throws -> TLS {
        var certificates: (String, String)?
        let server = try start { folder in
            let tls = folder.appendingPathComponent("tls")
            try FileManager.default.createDirectory(at: tls, withIntermediateDirectories: true)
            try FaultSupport.giveAway(tls)
            for name in ["server", "other"] {
                try run(
                    ["/usr/bin/env", "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                     "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", tls.appendingPathComponent("\(name).key").path,
                     "-out", tls.appendingPathComponent("\(name).crt").path],
                    log: folder.appendingPathComponent("openssl.log"))
            }
            certificates = (tls.appendingPathComponent("server.crt").path, tls.appendingPathComponent("other.crt").path)
            return "-c ssl=on -c ssl_cert_file=\(tls.path)/server.crt -c ssl_key_file=\(tls.path)/server.key"
        }
        let (certificate, other) = try #require(certificates)
        return TLS(server: server, certificate: certificate, otherCertificate: other)
    }

    /// The shared server, or a test failure saying why there is none.
    static func require() throws -> PostgresTestServer {
        switch shared {
        case .success(let server): return server
        case .failure(let error):
            Issue.record("no PostgreSQL server for the publish tests: \(error)")
            throw error
        }
    }

    /// Why a server could not be started.
    struct StartError: Error, CustomStringConvertible {
        var description: String
    }

    /// The folder holding `initdb`, `pg_ctl` and `postgres`: from PATH, else Debian's
    /// `/usr/lib/postgresql/<version>/bin` (newest version).
    static func binaryFolder() throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for folder in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(folder)/initdb") {
            return URL(fileURLWithPath: "\(folder)/initdb").resolvingSymlinksInPath().deletingLastPathComponent()
        }
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        for version in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
            let folder = URL(fileURLWithPath: "/usr/lib/postgresql/\(version)/bin")
            if FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent("initdb").path) { return folder }
        }
        throw StartError(
            description: "initdb is neither on PATH nor in /usr/lib/postgresql/*/bin: install Debian's postgresql "
                + "(apt-get install postgresql) or set PODTRAIL_TEST_POSTGRES_URL to a server's URL")
    }

    /// Runs `arguments` (as `nobody` when we are root) and waits; throws with its output on failure.
    ///
    /// posix_spawn and waitpid, not Foundation's Process: `shared` starts the server inside a
    /// static initializer, where `Process.waitUntilExit` never saw pg_ctl end (it stayed a zombie).
    static func run(_ arguments: [String], log: URL) throws {
        let pid = try spawn(asServerUser(arguments), output: log.path)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        // WIFEXITED and WEXITSTATUS are macros: the low 7 bits hold the signal, the next 8 the code.
        let code = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        guard code == 0 else {
            let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw StartError(description: "\(arguments.joined(separator: " ")) failed (\(code)): \(output)")
        }
    }

    /// Starts `command` with standard input from /dev/null and its output into `output`.
    static func spawn(_ command: [String], output: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let arguments = command.map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, command[0], &actions, nil, arguments, environ)
        guard result == 0 else { throw StartError(description: "cannot run \(command[0]): \(String(cString: strerror(result)))") }
        return pid
    }

    /// `arguments` run through `setpriv` as nobody when we are root.
    static func asServerUser(_ arguments: [String]) -> [String] {
        guard geteuid() == 0 else { return arguments }
        let id = FaultSupport.unprivilegedID
        return ["/usr/bin/setpriv", "--reuid=\(id.uid)", "--regid=\(id.gid)", "--clear-groups", "--"] + arguments
    }

    /// A port on loopback that nothing listens on right now.
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Starts a new server in a new temporary folder; `prepare`, given the folder, returns
    /// more server options (`-c name=value ...`).
    static func start(prepare: (URL) throws -> String = { _ in "" }) throws -> PostgresTestServer {
        let binaries = try binaryFolder()
        let folder = URL(fileURLWithPath: "/tmp").appendingPathComponent("podtrail-pg-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FaultSupport.giveAway(folder)
        let password = "pw-\(UUID().uuidString.prefix(12))"
        let passwordFile = folder.appendingPathComponent("password")
        try Data(password.utf8).write(to: passwordFile)
        try FaultSupport.giveAway(passwordFile)
        let data = folder.appendingPathComponent("data")
        try run(
            [binaries.appendingPathComponent("initdb").path, "-D", data.path, "-U", "podtrail", "--auth=scram-sha-256",
             "--pwfile=\(passwordFile.path)", "-E", "UTF8", "--no-locale", "--no-sync"],
            log: folder.appendingPathComponent("initdb.log"))
        watch(folder: folder, data: data, binaries: binaries)
        let options = try prepare(folder)
        var failure: Error?
        for _ in 0..<3 {
            let port = freePort()
            do {
                try run(
                    [binaries.appendingPathComponent("pg_ctl").path, "-D", data.path, "-l", folder.appendingPathComponent("server.log").path,
                     "-o", "-p \(port) -k \(folder.path) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100 \(options)",
                     "-w", "-t", "60", "start"],
                    log: folder.appendingPathComponent("pg_ctl.log"))
                return PostgresTestServer(
                    url: "postgresql://podtrail:\(password)@127.0.0.1:\(port)/postgres", password: password, dataFolder: data,
                    binaries: binaries)
            } catch {
                failure = error
            }
        }
        throw failure ?? StartError(description: "pg_ctl start failed")
    }

    /// Starts a shell that, once this process has ended, stops the server and removes `folder`.
    static func watch(folder: URL, data: URL, binaries: URL) {
        let stop = asServerUser([binaries.appendingPathComponent("pg_ctl").path, "-D", data.path, "-m", "immediate", "stop"])
            .map { "'\($0)'" }.joined(separator: " ")
        let script = "while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done; \(stop) >/dev/null 2>&1; rm -rf '\(folder.path)'"
        _ = try? spawn(["/bin/sh", "-c", script], output: "/dev/null")
    }

    /// Stops the server now (`pg_ctl stop -m fast`: every session is ended).
    func stop() throws {
        let binaries = try #require(binaries, "a server named by PODTRAIL_TEST_POSTGRES_URL is not ours to stop")
        let data = try #require(dataFolder)
        try Self.run(
            [binaries.appendingPathComponent("pg_ctl").path, "-D", data.path, "-m", "fast", "-w", "stop"],
            log: data.deletingLastPathComponent().appendingPathComponent("pg_ctl-stop.log"))
    }

    /// Starts the server again after `stop()`, on the same port.
    func restart() throws {
        let binaries = try #require(binaries)
        let data = try #require(dataFolder)
        let folder = data.deletingLastPathComponent()
        let port = try #require(url.split(separator: ":").last?.split(separator: "/").first)
        try Self.run(
            [binaries.appendingPathComponent("pg_ctl").path, "-D", data.path, "-l", folder.appendingPathComponent("server.log").path,
             "-o", "-p \(port) -k \(folder.path) -c listen_addresses=127.0.0.1 -c fsync=off", "-w", "-t", "60", "start"],
            log: folder.appendingPathComponent("pg_ctl.log"))
    }

    /// A new empty database on this server, and its URL: each test publishes into its own.
    func newDatabase() throws -> String {
        let name = "podtrail_test_\(UUID().uuidString.prefix(8).lowercased())"
        let admin = try PostgresConnection(url: url)
        try admin.execute("CREATE DATABASE \(name)")
        return Self.url(url, database: name)
    }

    /// `url` with its database replaced by `database`.
    static func url(_ url: String, database: String) -> String {
        guard let slash = url.range(of: "/", options: .backwards), slash.lowerBound > url.index(url.startIndex, offsetBy: 12) else {
            return url + "/" + database
        }
        let query = url[slash.upperBound...].firstIndex(of: "?").map { String(url[$0...]) } ?? ""
        return String(url[..<slash.upperBound]) + database + query
    }
}
