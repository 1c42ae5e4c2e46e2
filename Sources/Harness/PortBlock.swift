import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Picks loopback ports for a stack's workers.
///
/// The block sits below Linux's ephemeral range (32768 and up), so an outgoing connection of another
/// test can never hold one of its ports, and every port in it is checked free by binding it first.
enum PortBlock {
    /// The first port of `count` consecutive free ports on 127.0.0.1.
    static func find(count: Int) -> Int {
        for _ in 0..<200 {
            let base = 20_000 + Int.random(in: 0..<1_200) * 10
            if (base..<base + count).allSatisfy(isFree) { return base }
        }
        return 20_000 + Int.random(in: 0..<1_200) * 10
    }

    /// Whether a listener could bind `port` on loopback right now.
    static func isFree(_ port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
