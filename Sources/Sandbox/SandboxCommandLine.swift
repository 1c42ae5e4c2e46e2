/// Parses `jobadder-sandbox` arguments into a configuration.
public enum SandboxCommandLine {
    /// A bad argument; the description says which and how to fix it.
    public struct UsageError: Error, CustomStringConvertible {
        public let description: String
    }

    public static let usage = """
        usage: jobadder-sandbox --port <port> [--host 127.0.0.1] [--seed demo|none]
                                [--rate-limit <requests/s per account>] [--access-token-ttl <seconds>]
                                [--webhook-retry-seconds <seconds, default 300>] [--threads <n>]
        """

    /// Reads the arguments after the program name.
    public static func parse(_ arguments: [String]) throws(UsageError) -> SandboxConfiguration {
        var configuration = SandboxConfiguration()
        var sawPort = false
        var index = 0
        while index < arguments.count {
            let flag = arguments[index]
            guard flag.hasPrefix("--") else { throw UsageError(description: "unexpected argument '\(flag)'") }
            guard index + 1 < arguments.count else { throw UsageError(description: "\(flag) needs a value") }
            let value = arguments[index + 1]
            index += 2
            switch flag {
            case "--port":
                guard let port = UInt16(value) else { throw UsageError(description: "--port must be 0…65535") }
                configuration.port = port
                sawPort = true
            case "--host":
                let octets = value.split(separator: ".")
                guard octets.count == 4, octets.allSatisfy({ UInt8($0) != nil }) else {
                    throw UsageError(description: "--host must be an IPv4 address such as 127.0.0.1")
                }
                configuration.host = value
            case "--seed":
                guard let seed = SandboxConfiguration.Seed(rawValue: value) else {
                    throw UsageError(description: "--seed must be demo or none")
                }
                configuration.seed = seed
            case "--rate-limit":
                guard let rate = Double(value), rate > 0, rate.isFinite else {
                    throw UsageError(description: "--rate-limit must be a positive number of requests per second")
                }
                configuration.rateLimit = rate
            case "--access-token-ttl":
                guard let ttl = Int(value), (1...315_360_000).contains(ttl) else {
                    throw UsageError(description: "--access-token-ttl must be a positive number of seconds")
                }
                configuration.accessTokenTTLSeconds = ttl
            case "--webhook-retry-seconds":
                guard let seconds = Double(value), seconds >= 0, seconds.isFinite else {
                    throw UsageError(description: "--webhook-retry-seconds must be a number of seconds ≥ 0")
                }
                configuration.webhookRetrySeconds = seconds
            case "--threads":
                guard let threads = Int(value), (1...256).contains(threads) else {
                    throw UsageError(description: "--threads must be 1…256")
                }
                configuration.threadCount = threads
            default:
                throw UsageError(description: "unknown option '\(flag)'")
            }
        }
        guard sawPort else { throw UsageError(description: "--port is required") }
        return configuration
    }
}
