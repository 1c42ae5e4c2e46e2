import Foundation

/// A small structured logger shaped like swift-log: a label, levels and metadata.
///
/// Every line is one JSON object on stdout. Metadata values are ids, never bodies or secrets.
public struct Logger: Sendable {
    /// Severity, lowest first.
    public enum Level: Int, Sendable, Comparable, CustomStringConvertible {
        case trace, debug, info, notice, warning, error, critical

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }

        public var description: String {
            switch self {
            case .trace: "trace"
            case .debug: "debug"
            case .info: "info"
            case .notice: "notice"
            case .warning: "warning"
            case .error: "error"
            case .critical: "critical"
            }
        }

        /// Parses `trace`…`critical`; nil for anything else.
        public init?(name: String) {
            let all: [Level] = [.trace, .debug, .info, .notice, .warning, .error, .critical]
            guard let match = all.first(where: { $0.description == name.lowercased() }) else { return nil }
            self = match
        }
    }

    public typealias Metadata = [String: String]

    public let label: String
    public var logLevel: Level
    public var metadata: Metadata

    public init(label: String, logLevel: Level = Logger.defaultLevel, metadata: Metadata = [:]) {
        self.label = label
        self.logLevel = logLevel
        self.metadata = metadata
    }

    /// The level new loggers start with; `HANDOVER_LOG_LEVEL` sets it for a whole process.
    public static var defaultLevel: Level {
        ProcessInfo.processInfo.environment["HANDOVER_LOG_LEVEL"].flatMap(Level.init(name:)) ?? .info
    }

    public subscript(metadataKey key: String) -> String? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// A copy with more metadata, for request- or message-scoped logging.
    public func with(_ extra: Metadata) -> Logger {
        var copy = self
        copy.metadata.merge(extra) { _, new in new }
        return copy
    }

    public func log(_ level: Level, _ message: @autoclosure () -> String, _ extra: Metadata = [:]) {
        guard level >= logLevel else { return }
        var fields = metadata
        fields.merge(extra) { _, new in new }
        LogSink.shared.write(level: level, label: label, message: message(), metadata: fields)
    }

    public func trace(_ message: @autoclosure () -> String, _ extra: Metadata = [:]) { log(.trace, message(), extra) }
    public func debug(_ message: @autoclosure () -> String, _ extra: Metadata = [:]) { log(.debug, message(), extra) }
    public func info(_ message: @autoclosure () -> String, _ extra: Metadata = [:]) { log(.info, message(), extra) }
    public func notice(_ message: @autoclosure () -> String, _ extra: Metadata = [:]) {
        log(.notice, message(), extra)
    }
    public func warning(_ message: @autoclosure () -> String, _ extra: Metadata = [:]) {
        log(.warning, message(), extra)
    }
    public func error(_ message: @autoclosure () -> String, _ extra: Metadata = [:]) { log(.error, message(), extra) }
    public func critical(_ message: @autoclosure () -> String, _ extra: Metadata = [:]) {
        log(.critical, message(), extra)
    }
}
