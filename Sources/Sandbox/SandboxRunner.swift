import Foundation
import Shared

/// Runs the `jobadder-sandbox` executable: parse, start, wait for SIGTERM/SIGINT, stop.
public enum SandboxRunner {
    /// Returns the process exit code: 0 after a clean stop, 2 for bad arguments, 1 when it cannot bind.
    public static func run(arguments: [String]) -> Int32 {
        let logger = Logger(label: "jobadder-sandbox")
        // Block SIGTERM and SIGINT before any thread exists so every thread inherits the mask and the
        // signals wait for `sigwait` below instead of killing the process.
        var stopSignals = sigset_t()
        sigemptyset(&stopSignals)
        sigaddset(&stopSignals, SIGTERM)
        sigaddset(&stopSignals, SIGINT)
        pthread_sigmask(SIG_BLOCK, &stopSignals, nil)
        let configuration: SandboxConfiguration
        do {
            configuration = try SandboxCommandLine.parse(Array(arguments.dropFirst()))
        } catch {
            FileHandle.standardError.write(Data("jobadder-sandbox: \(error)\n\(SandboxCommandLine.usage)\n".utf8))
            return 2
        }
        let server: SandboxServer
        do {
            server = try SandboxServer(configuration: configuration, logger: logger)
        } catch {
            FileHandle.standardError.write(Data("jobadder-sandbox: \(error)\n".utf8))
            return 1
        }
        logger.notice("sandbox listening", ["url": server.baseURL, "seed": configuration.seed.rawValue])

        var received: Int32 = 0
        sigwait(&stopSignals, &received)
        logger.notice("sandbox stopping")
        server.stop()
        return 0
    }
}
