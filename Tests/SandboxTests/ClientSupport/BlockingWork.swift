import Foundation
import Synchronization

/// Runs blocking client code on threads the tests own, never on Swift's cooperative pool.
enum BlockingWork {
    /// Runs `body` on a new thread and resumes with its result.
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try body() })
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Runs `body(index)` on `count` threads at once (they start together) and waits for all of them.
    /// Returns each thread's error, if it threw.
    static func parallel(
        _ count: Int,
        _ body: @escaping @Sendable (Int) throws -> Void
    ) async throws -> [(any Error)?] {
        try await run {
            let results = Mutex<[(any Error)?]>(Array(repeating: nil, count: count))
            let ready = DispatchGroup()
            let done = DispatchGroup()
            let start = DispatchSemaphore(value: 0)
            for index in 0..<count {
                ready.enter()
                done.enter()
                let thread = Thread {
                    ready.leave()
                    start.wait()
                    do {
                        try body(index)
                    } catch {
                        results.withLock { $0[index] = error }
                    }
                    done.leave()
                }
                thread.start()
            }
            ready.wait()
            for _ in 0..<count { start.signal() }
            done.wait()
            return results.withLock { $0 }
        }
    }
}
