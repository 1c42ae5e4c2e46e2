import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A one-connection stand-in for PostgreSQL that asks for a cleartext password and refuses it with
/// SQLSTATE 28P01, as a real server does for a wrong password. The shared test server trusts every
/// local login, so this is how a password refusal is produced through real libpq.
final class PasswordRefusingServer: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let received = NSLock()
    private var passwordSeen: String?

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(descriptor, generic, length) == 0
                    && listen(descriptor, 1) == 0
                    && getsockname(descriptor, generic, &length) == 0
            }
        }
        guard descriptor >= 0, bound else {
            Glibc.close(descriptor)
            throw ProbeFailure()
        }
        listener = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread { [self] in serveOnce() }.start()
    }

    deinit {
        Glibc.close(listener)
    }

    /// The password libpq sent, once the exchange is over.
    var password: String? {
        received.lock()
        defer { received.unlock() }
        return passwordSeen
    }

    private func serveOnce() {
        let client = accept(listener, nil, nil)
        guard client >= 0 else { return }
        defer { Glibc.close(client) }

        // Startup, after declining any SSL or GSS encryption request with "N".
        var startup = readMessageBody(client, lengthOnly: true)
        while let body = startup, body.count == 4, [80_877_103, 80_877_104].contains(Self.int32(body, at: 0)) {
            _ = send(client, "N", 1, 0)
            startup = readMessageBody(client, lengthOnly: true)
        }
        guard startup != nil else { return }

        writeAll(client, [UInt8(ascii: "R")] + Self.bytes(8) + Self.bytes(3))  // AuthenticationCleartextPassword
        var type: UInt8 = 0
        guard recv(client, &type, 1, Int32(MSG_WAITALL)) == 1, type == UInt8(ascii: "p"),
            let body = readMessageBody(client, lengthOnly: false)
        else { return }
        received.lock()
        passwordSeen = String(decoding: body.prefix { $0 != 0 }, as: UTF8.self)
        received.unlock()

        var fields: [UInt8] = []
        for (code, text) in [
            ("S", "FATAL"), ("V", "FATAL"), ("C", "28P01"),
            ("M", "password authentication failed for user \"handover_owner\""),
        ] {
            fields += [UInt8(ascii: Unicode.Scalar(code)!)] + Array(text.utf8) + [0]
        }
        fields.append(0)
        writeAll(client, [UInt8(ascii: "E")] + Self.bytes(Int32(fields.count + 4)) + fields)
    }

    /// Reads a length-prefixed body (the length counts itself).
    private func readMessageBody(_ client: Int32, lengthOnly: Bool) -> [UInt8]? {
        var header = [UInt8](repeating: 0, count: 4)
        guard recv(client, &header, 4, Int32(MSG_WAITALL)) == 4 else { return nil }
        let length = Int(Self.int32(header, at: 0)) - 4
        guard length >= 0, length < 65_536 else { return nil }
        var body = [UInt8](repeating: 0, count: length)
        guard length == 0 || recv(client, &body, length, Int32(MSG_WAITALL)) == length else { return nil }
        return lengthOnly ? Array(body) : body
    }

    private func writeAll(_ client: Int32, _ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { send(client, $0.baseAddress, bytes.count, 0) }
    }

    private static func int32(_ bytes: [UInt8], at offset: Int) -> Int32 {
        Int32(
            bitPattern: UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16
                | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
        )
    }

    private static func bytes(_ value: Int32) -> [UInt8] {
        let bits = UInt32(bitPattern: value)
        return [UInt8(bits >> 24), UInt8(bits >> 16 & 0xff), UInt8(bits >> 8 & 0xff), UInt8(bits & 0xff)]
    }
}
