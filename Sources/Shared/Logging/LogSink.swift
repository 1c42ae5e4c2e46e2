import Foundation
import Synchronization

/// Serializes log lines to stdout so lines from different threads never interleave.
final class LogSink: Sendable {
    static let shared = LogSink()

    private let lock = Mutex(())

    func write(level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) {
        var line = "{\"ts\":\"\(Self.timestamp())\",\"level\":\"\(level)\",\"logger\":"
        line += JSONText.quote(label) + ",\"msg\":" + JSONText.quote(message)
        for key in metadata.keys.sorted() {
            line += "," + JSONText.quote(key) + ":" + JSONText.quote(metadata[key] ?? "")
        }
        line += "}\n"
        lock.withLock { _ in
            FileHandle.standardOutput.write(Data(line.utf8))
        }
    }

    private static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let millis = now.tv_nsec / 1_000_000
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
            parts.tm_year + 1900,
            parts.tm_mon + 1,
            parts.tm_mday,
            parts.tm_hour,
            parts.tm_min,
            parts.tm_sec,
            Int32(millis)
        )
    }
}
