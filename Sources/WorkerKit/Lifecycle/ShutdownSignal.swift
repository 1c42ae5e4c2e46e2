import Dispatch
import Foundation
import Synchronization

/// Turns SIGTERM and SIGINT into a flag the worker's threads poll, and a wait the main thread blocks on.
///
/// A second signal while draining exits at once, for an operator who really means it.
public final class ShutdownSignal: Sendable {
    private let requested = Atomic<Bool>(false)
    private let semaphore = DispatchSemaphore(value: 0)
    /// Kept alive for the process's life; written once by `install()` before any signal can arrive.
    nonisolated(unsafe) private var sources: [DispatchSourceSignal] = []

    public init() {}

    public var isRequested: Bool { requested.load(ordering: .acquiring) }

    /// Starts listening for SIGTERM and SIGINT.
    public func install() {
        let queue = DispatchQueue(label: "handover.signals")
        var made: [DispatchSourceSignal] = []
        for number in [SIGTERM, SIGINT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [weak self] in
                guard let self else { return }
                if self.isRequested { exit(1) }
                self.request()
            }
            source.resume()
            made.append(source)
        }
        sources = made
    }

    /// Asks every part of the worker to stop taking work.
    public func request() {
        if !requested.exchange(true, ordering: .acquiringAndReleasing) {
            semaphore.signal()
        }
    }

    /// Blocks until shutdown is requested.
    public func wait() {
        semaphore.wait()
        semaphore.signal()
    }
}
