import Synchronization

/// Request counts by route class and status code across the whole sandbox.
final class RequestStatistics: Sendable {
    private let counts = Mutex<[String: [Int: Int]]>([:])

    func record(routeClass: String, status: Int) {
        counts.withLock { $0[routeClass, default: [:]][status, default: 0] += 1 }
    }

    func reset() {
        counts.withLock { $0 = [:] }
    }

    /// `{ "<route class>": { "<status>": count } }`, sorted by name.
    var json: JSONValue {
        let snapshot = counts.withLock { $0 }
        return .object(
            snapshot.keys.sorted().map { route in
                let byStatus = snapshot[route] ?? [:]
                return (route, .object(byStatus.keys.sorted().map { (String($0), .int(byStatus[$0] ?? 0)) }))
            }
        )
    }
}
