import Foundation
import Glibc

/// A private aiosmtpd instance on a random local port, running one of the handlers in `Support/`.
final class SMTPTestServer {
    let port: Int
    private let process: Process

    /// The folder holding the Python handler modules.
    static let supportDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Support")

    /// Starts `/usr/bin/python3 -m aiosmtpd` with `handler` (for example `raw_mailbox.Handler`) and waits
    /// until it accepts connections.
    convenience init(handler: String, arguments: [String] = [], fixedPort: Int? = nil) throws {
        try self.init(label: handler, fixedPort: fixedPort) { port in
            ["-m", "aiosmtpd", "-n", "-l", "127.0.0.1:\(port)", "-c", handler] + arguments
        }
    }

    /// A relay that requires STARTTLS (serving `certificate` and `key`) and AUTH as `user`/`password`,
    /// storing each message it accepts in `directory` like `raw_mailbox.Handler`.
    static func requiringTLSAndAuth(
        certificate: String,
        key: String,
        user: String,
        password: String,
        directory: String
    ) throws -> SMTPTestServer {
        let script = supportDirectory.appendingPathComponent("tls_auth_server.py").path
        return try SMTPTestServer(label: "tls_auth_server.py", fixedPort: nil) { port in
            [script, String(port), certificate, key, user, password, directory]
        }
    }

    private init(label handler: String, fixedPort: Int?, pythonArguments: (Int) -> [String]) throws {
        port = try fixedPort ?? Self.freePort()
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = pythonArguments(port)
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONPATH"] = Self.supportDirectory.path
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()

        let deadline = Date().addingTimeInterval(30)
        while !Self.isListening(port: port) {
            guard Date() < deadline, process.isRunning else {
                stop()
                throw TestServerError(message: "aiosmtpd with \(handler) did not start on port \(port)")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    deinit {
        stop()
    }

    var url: String { "smtp://127.0.0.1:\(port)" }

    /// Kills the server. SIGKILL, because a child spawned from the test process inherits its blocked
    /// signal mask and ignores SIGTERM.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// A port nothing listens on right now (bound to port 0, read back, released).
    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestServerError(message: "socket failed") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(descriptor, generic, length) == 0 && getsockname(descriptor, generic, &length) == 0
            }
        }
        guard bound else { throw TestServerError(message: "bind failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func isListening(port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}

/// A test set-up failure.
struct TestServerError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
